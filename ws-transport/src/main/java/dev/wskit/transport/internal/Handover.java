package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.spi.TransportChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * The application's side of a connection confined to its transport's serving thread, for the threads that are
 * not that one: their sends, Pings and Closes are checked, their bytes reserved (so that a send over the limit is
 * refused at once, as the {@link Outbox} refuses it), and then handed over through an {@link Inbox}, and the
 * serving thread woken to queue them in the order each thread handed them (RFC 6455 §5.4 keeps a message's
 * frames together; the Close goes behind the messages handed over before it, §7.1.2). The serving thread runs
 * this as the work its transport was given. Thread-safe.
 */
final class Handover implements Runnable {
    /** The listener has handled a message delivered on another thread (see {@link Session#messageHandled}). */
    static final Object MESSAGE_HANDLED = new Object();

    private static final VarHandle INBOX;

    static {
        try {
            INBOX = MethodHandles.lookup().findVarHandle(Handover.class, "inbox", Inbox.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Session session;
    /** Created by the first thread that hands something over: most connections never need one. */
    private volatile Inbox inbox;

    /**
     * Creates the hand-over of a connection.
     *
     * @param session the connection's protocol
     */
    Handover(Session session) {
        this.session = session;
    }

    /** On the serving thread, woken by its transport: queues what was handed over. */
    @Override
    public void run() {
        session.takeHandedOver();
    }

    /**
     * On the serving thread, under its hold: gives every item handed over so far to {@code sink}, in order.
     *
     * @param sink what queues them
     */
    void takeAll(Inbox.Sink sink) {
        Inbox current = inbox;
        if (current != null && current.hasItems()) {
            current.takeAll(sink);
        }
    }

    /**
     * On the serving thread, once the connection has ended: nothing is taken from now on, and what waits fails.
     *
     * @param cause why
     * @param completions what the serving thread's hold owes
     */
    void failAll(Throwable cause, Completions completions) {
        if (INBOX.compareAndSet(this, null, Inbox.CLOSED)) {
            // nothing was ever handed over: later hands are refused without an inbox of this connection's own
            return;
        }
        inbox.close(item -> {
            if (item instanceof Outgoing send) {
                session.sends.unreserve(send.size());
                if (!(send instanceof Outgoing.Close)) {
                    completions.fail(send.done(), cause);
                }
            } else if (item instanceof PreparedMessage message) {
                session.sends.unreserve(message.payloadLength());
            }
        });
    }

    /**
     * Hands over a send made with a future: a data message, or a Ping or Pong, which the serving thread queues
     * ahead of the data frames not yet begun.
     *
     * @param send the send
     * @return its future
     */
    CompletableFuture<Void> enqueue(Outgoing send) {
        CompletableFuture<Void> done = send.done();
        if (refusedUnlessOpen(send)) {
            return done;
        }
        if (!session.sends.reserve(send.size())) {
            overflowed(send, send.size());
        } else if (!hand(send, send.size())) {
            done.completeExceptionally(new IllegalStateException("WebSocket is CLOSED"));
        }
        return done;
    }

    /**
     * Hands over a whole message sent without a future.
     *
     * @param send the message's entry
     * @return false when refused: not open, or over the send queue's limit
     */
    boolean offer(Outgoing send) {
        if (session.readyState() != ReadyState.OPEN) {
            return false;
        }
        if (!session.sends.reserve(send.size())) {
            overflowed(send, send.size());
            return false;
        }
        return hand(send, send.size());
    }

    /**
     * Hands over a prepared message sent without a future; nothing is allocated for it.
     *
     * @param message the message
     * @return false when refused: not open, or over the send queue's limit
     */
    boolean offer(PreparedMessage message) {
        if (session.readyState() != ReadyState.OPEN) {
            return false;
        }
        long size = message.payloadLength();
        if (!session.sends.reserve(size)) {
            overflowed(null, size);
            return false;
        }
        return hand(message, size);
    }

    /**
     * Hands over the start of the close handshake (RFC 6455 §7.1.2), or aborts a connection still opening.
     *
     * @param code the code, or {@code null} for an empty Close
     * @param reason the reason
     */
    void close(CloseCode code, String reason) {
        ReadyState state = session.readyState();
        if (state == ReadyState.OPEN && session.requestClose()) {
            hand(new Outgoing.Close(code, reason, session.closed), 0);
        } else if (state == ReadyState.CONNECTING && session.channel != null) {
            session.channel.abort();
        }
    }

    /** Tells the serving thread that the listener has handled one more message, after the sends it made. */
    void messageHandled() {
        hand(MESSAGE_HANDLED, 0);
    }

    private boolean refusedUnlessOpen(Outgoing send) {
        ReadyState state = session.readyState();
        if (state == ReadyState.OPEN) {
            return false;
        }
        send.done().completeExceptionally(new IllegalStateException("WebSocket is " + state));
        return true;
    }

    /** Puts an item in the inbox and wakes the serving thread; gives its bytes back when the connection ended. */
    private boolean hand(Object item, long size) {
        if (!inbox().put(item)) {
            session.sends.unreserve(size);
            return false;
        }
        TransportChannel current = session.channel;
        if (current != null) {
            current.wakeHandler();
        }
        return true;
    }

    private Inbox inbox() {
        Inbox current = inbox;
        if (current == null) {
            current = new Inbox();
            if (!INBOX.compareAndSet(this, null, current)) {
                current = inbox;
            }
        }
        return current;
    }

    /**
     * Refuses a send over the queue's limit, and applies the overflow policy: the serving thread closes with its
     * code, after failing the sends still waiting (see {@link Outbox}).
     */
    private void overflowed(Outgoing send, long size) {
        IllegalStateException refused = Outbox.overflowError(session.sends, size);
        if (send != null && send.done() != null) {
            send.done().completeExceptionally(refused);
        }
        CloseCode code = Outbox.overflowCode(session.settings.backpressure().overflow());
        if (code != null && session.requestClose()) {
            hand(new Outbox.Overflowed(refused, code), 0);
        }
    }
}
