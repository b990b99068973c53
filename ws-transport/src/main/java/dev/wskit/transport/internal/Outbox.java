package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.Message;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The application's sends on their way into a connection's send queue: refused unless the connection is open
 * (RFC 6455 §7.1.4, nothing is sent after a Close), measured, and held to the queue's limit by the overflow
 * policy ({@link dev.wskit.transport.Backpressure.Overflow}), which may close with 1008 or 1013 (§7.4.1). Its
 * Close goes behind the messages queued before it. Thread-safe: every step runs under the session's lock.
 */
final class Outbox {
    private final Session session;
    private final Connection connection;

    /**
     * Creates the outbox of a connection.
     *
     * @param session the connection's protocol, whose lock and queue it uses
     * @param connection the application's handle, as metrics see it
     */
    Outbox(Session session, Connection connection) {
        this.session = session;
        this.connection = connection;
    }

    /**
     * Queues a send made with a future, which fails when the connection is not open or the queue is full.
     *
     * @param send the send
     * @return the send's future
     */
    CompletableFuture<Void> enqueue(Outgoing send) {
        // read first: once queued, a reused entry may be written, released and taken again by another thread
        CompletableFuture<Void> done = send.done();
        session.guard.lock();
        try {
            ReadyState state = session.readyState();
            if (state != ReadyState.OPEN) {
                done.completeExceptionally(new IllegalStateException("WebSocket is " + state));
            } else if (!add(send)) {
                overflow(send);
            }
        } finally {
            session.unlockAndAct();
        }
        return done;
    }

    /**
     * Queues a whole message made without a future.
     *
     * @param type text or binary
     * @param payload the payload, owned by the queue from now on
     * @return false when it is refused (not open, or the queue is full)
     */
    boolean offer(Opcode type, ByteBuffer payload) {
        session.guard.lock();
        try {
            return session.readyState() == ReadyState.OPEN && offerReused(session.sends.data(type, payload, true));
        } finally {
            session.unlockAndAct();
        }
    }

    /**
     * Queues a prepared message made without a future, in a reused entry: a broadcast allocates nothing per
     * delivery.
     *
     * @param message the message
     * @return false when it is refused (not open, or the queue is full)
     */
    boolean offer(PreparedMessage message) {
        session.guard.lock();
        try {
            return session.readyState() == ReadyState.OPEN && offerReused(session.sends.encoded(message, null));
        } finally {
            session.unlockAndAct();
        }
    }

    /**
     * Queues a Ping or a Pong ahead of the messages waiting.
     *
     * @param control the control message
     * @param size its payload's size
     * @return the send's future
     */
    CompletableFuture<Void> sendControl(Message control, long size) {
        Outgoing send = new Outgoing.Whole(control, size, new CompletableFuture<>());
        session.guard.lock();
        try {
            ReadyState state = session.readyState();
            if (!session.isOpened() || state != ReadyState.OPEN) {
                send.done().completeExceptionally(new IllegalStateException("WebSocket is " + state));
            } else if (!session.sends.addControl(send)) {
                overflow(send);
            } else if (session.probe() != null && control instanceof Message.Ping) {
                session.probe().pingSent(session.clock.nanoTime());
            }
        } finally {
            session.unlockAndAct();
        }
        return send.done();
    }

    /**
     * Starts the close handshake with a code already checked (or {@code null} for an empty Close); a failure of
     * the listener closes with 1011 through here. During the handshake, the connection is aborted instead.
     *
     * @param code the code, or {@code null} for an empty Close
     * @param reason the reason
     * @return completes when closed
     */
    CompletableFuture<Void> close(CloseCode code, String reason) {
        session.guard.lock();
        try {
            ReadyState state = session.readyState();
            if (state == ReadyState.OPEN) {
                startClose(code, reason);
            } else if (state == ReadyState.CONNECTING && session.channel != null) {
                // not under the lock: closing a TLS socket may block (and the timer thread needs the lock)
                session.guard.afterUnlock(session.channel::abort);
            }
        } finally {
            session.unlockAndAct();
        }
        return session.closed;
    }

    private void startClose(CloseCode code, String reason) {
        session.closeRequested = true;
        session.sends.add(new Outgoing.Close(code, reason, session.closed));
    }

    /**
     * Under the lock: queues a send in a reused entry, or refuses it, applies the overflow policy and hands the
     * entry back to the spares.
     */
    private boolean offerReused(Outgoing send) {
        boolean accepted = add(send);
        if (!accepted) {
            overflow(send);
            session.sends.release(send);
        }
        return accepted;
    }

    /** Queues a send under the lock, and measures it when metrics are installed. */
    private boolean add(Outgoing send) {
        SendQueue sends = session.sends;
        ConnectionProbe probe = session.probe();
        if (probe == null) {
            return sends.add(send);
        }
        boolean wasWritable = sends.isWritable();
        boolean added = sends.add(send);
        if (added) {
            probe.queued(connection, send, wasWritable, sends.bufferedAmount());
        }
        return added;
    }

    /** Refuses a send that would pass the send queue's limit, and applies the overflow policy. */
    private void overflow(Outgoing send) {
        SendQueue sends = session.sends;
        IllegalStateException refused = new IllegalStateException("Send buffer full: " + sends.bufferedAmount()
            + " bytes queued, message of " + send.size() + " refused");
        session.guard.owed().fail(send.done(), refused);
        CloseCode code = switch (session.settings.backpressure().overflow()) {
            case FAIL_SEND -> null;
            case CLOSE_1008 -> CloseCode.POLICY_VIOLATION;
            case CLOSE_1013 -> CloseCode.TRY_AGAIN_LATER;
        };
        if (code != null) {
            Connection.LOG.debug("Send buffer of {} overflowed; closing with {}", connection.uri(), code.code());
            sends.dropWaiting(refused, session.guard.owed());
            session.events.add(new Event.Error(refused));
            startClose(code, "Send buffer full");
        }
    }
}
