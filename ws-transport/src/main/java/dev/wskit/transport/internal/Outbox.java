package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.Message;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The application's sends on their way into a connection's send queue: refused unless the connection is open
 * (RFC 6455 §7.1.4, nothing is sent after a Close), measured, and held to the queue's limit by the overflow
 * policy ({@link dev.wskit.transport.Backpressure.Overflow}), which may close with 1008 or 1013 (§7.4.1). Its
 * Close goes behind the messages queued before it. Thread-safe: every step runs under the session's lock, or, on
 * a connection confined to its transport's serving thread, on that thread; other threads' sends go through the
 * {@link Handover}, and come back here ({@link #accept}) to be queued.
 */
final class Outbox implements Inbox.Sink {
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
        if (!session.guard.enter()) {
            return session.handover.enqueue(send);
        }
        // read first: once queued, a reused entry may be written, released and taken again by another thread
        CompletableFuture<Void> done = send.done();
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
        if (!session.guard.enter()) {
            return session.handover.offer(new Outgoing.Data(type, payload, true, null));
        }
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
        if (!session.guard.enter()) {
            return session.handover.offer(message);
        }
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
        Outgoing.Whole send = new Outgoing.Whole(control, size, new CompletableFuture<>());
        if (!session.guard.enter()) {
            return session.handover.enqueue(send);
        }
        try {
            ReadyState state = session.readyState();
            if (!session.isOpened() || state != ReadyState.OPEN) {
                send.done().completeExceptionally(new IllegalStateException("WebSocket is " + state));
            } else if (!session.sends.addControl(send)) {
                overflow(send);
            } else {
                pingMeasured(send);
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
        if (!session.guard.enter()) {
            session.handover.close(code, reason);
            return session.closed;
        }
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
        if (session.requestClose()) {
            session.sends.add(new Outgoing.Close(code, reason, session.closed));
        }
    }

    /**
     * On a confined connection's serving thread, under its hold: queues what another thread handed over (its bytes
     * already reserved), or acts on it.
     *
     * @param item a send, a prepared message, an {@link Overflowed}, or {@link Handover#MESSAGE_HANDLED}
     */
    @Override
    public void accept(Object item) {
        SendQueue sends = session.sends;
        switch (item) {
            case Outgoing.Whole control -> {
                sends.addReserved(control, session.guard.owed());
                pingMeasured(control);
            }
            case Outgoing send -> {
                sends.addReserved(send, session.guard.owed());
                measureQueued(send);
            }
            case PreparedMessage message -> {
                Outgoing.Encoded entry = sends.encoded(message, null);
                sends.addReserved(entry, session.guard.owed());
                measureQueued(entry);
            }
            case Overflowed overflowed -> closeForOverflow(overflowed.refused(), overflowed.code());
            default -> session.noteMessageHandled();
        }
    }

    private void pingMeasured(Outgoing.Whole control) {
        if (session.probe() != null && control.message() instanceof Message.Ping) {
            session.probe().pingSent(session.clock.nanoTime());
        }
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
        boolean added = session.sends.add(send);
        if (added) {
            measureQueued(send);
        }
        return added;
    }

    private void measureQueued(Outgoing send) {
        ConnectionProbe probe = session.probe();
        if (probe != null) {
            probe.queued(connection, send, session.sends.bufferedAmount());
        }
    }

    /** Refuses a send that would pass the send queue's limit, and applies the overflow policy. */
    private void overflow(Outgoing send) {
        IllegalStateException refused = overflowError(session.sends, send.size());
        session.guard.owed().fail(send.done(), refused);
        CloseCode code = overflowCode(session.settings.backpressure().overflow());
        if (code != null && session.requestClose()) {
            closeForOverflow(refused, code);
        }
    }

    /** Closes with the overflow policy's code, behind the sends already handed to the engine; the others fail. */
    private void closeForOverflow(IllegalStateException refused, CloseCode code) {
        Connection.LOG.debug("Send buffer of {} overflowed; closing with {}", connection.uri(), code.code());
        session.sends.dropWaiting(refused, session.guard.owed());
        session.events.add(new Event.Error(refused));
        session.sends.add(new Outgoing.Close(code, "Send buffer full", session.closed));
    }

    /**
     * Returns the error of a send refused because the queue would pass its limit.
     *
     * @param sends the queue
     * @param size the refused send's payload bytes
     * @return the error
     */
    static IllegalStateException overflowError(SendQueue sends, long size) {
        return new IllegalStateException("Send buffer full: " + sends.bufferedAmount()
            + " bytes queued, message of " + size + " refused");
    }

    /**
     * Returns the close code of an overflow policy.
     *
     * @param policy the policy
     * @return the code, or {@code null} when only the send fails
     */
    static CloseCode overflowCode(Backpressure.Overflow policy) {
        return switch (policy) {
            case FAIL_SEND -> null;
            case CLOSE_1008 -> CloseCode.POLICY_VIOLATION;
            case CLOSE_1013 -> CloseCode.TRY_AGAIN_LATER;
        };
    }

    /**
     * An overflow on another thread, whose policy closes the connection.
     *
     * @param refused the refused send's error
     * @param code the close code
     */
    record Overflowed(IllegalStateException refused, CloseCode code) {
    }
}
