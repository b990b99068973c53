package dev.wskit.transport.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The opening handshake (RFC 6455 §4) as the transport sees it: the deadline it must end by, the bytes it writes
 * ahead of any frame (a request, a response, a rejection), and whether it has ended. What the bytes say is its
 * {@link HandshakePhase}'s business; when it ends is decided here. Guarded by the connection's lock, except
 * {@link #hasEnded}, which any thread reads.
 */
final class Opening {
    private final HandshakePhase phase;
    private final long timeoutNanos;
    private ByteBuffer output;
    private boolean closeAfterOutput;
    private long deadline = Long.MAX_VALUE;
    private volatile boolean ended;

    /**
     * Creates the opening of a connection.
     *
     * @param phase how the handshake goes on this side
     * @param timeout how long it may take from the transport's connect on
     */
    Opening(HandshakePhase phase, Duration timeout) {
        this.phase = phase;
        this.timeoutNanos = timeout.toMillis() * 1_000_000L;
    }

    /** The transport has connected: the deadline runs from now. */
    void start(Connection connection, long nowNanos) {
        deadline = nowNanos + timeoutNanos;
        phase.started(connection);
    }

    /** Hands bytes received before the handshake completed to the phase, or drops the rest of a rejected request. */
    void receive(Connection connection, ByteBuffer data) {
        if (!ended && !closeAfterOutput) {
            phase.received(connection, data);
        } else {
            // the rest of a rejected request, read only so that closing does not reset the connection
            data.position(data.limit());
        }
    }

    /**
     * Fails the handshake when its deadline has passed.
     *
     * @return true when it has just timed out: the connection is to be aborted
     */
    boolean timedOut(Connection connection, long nowNanos) {
        // no deadline before the connect or after the opening; the difference alone could wrap around
        if (ended || deadline == Long.MAX_VALUE || nowNanos - deadline < 0) {
            return false;
        }
        phase.failed(connection, new SocketTimeoutException(
            "Opening handshake timed out after " + timeoutNanos / 1_000_000L + " ms"));
        ended = true;
        return true;
    }

    /** The transport has ended the connection before the handshake succeeded: the phase hears it, once. */
    void failIfPending(Connection connection, IOException cause) {
        if (!ended) {
            phase.failed(connection, cause != null ? cause : new IOException("Connection closed during the handshake"));
        }
    }

    /** The handshake is over, opened or not: no deadline is left. */
    void end() {
        ended = true;
    }

    /** The handshake succeeded: its deadline no longer applies. */
    void opened() {
        deadline = Long.MAX_VALUE;
    }

    /** Tells whether the handshake failed or the connection ended; an opened handshake is the engine's to tell. */
    boolean hasEnded() {
        return ended;
    }

    /** Returns the handshake's deadline, or {@link Long#MAX_VALUE} before the connect and after the opening. */
    long deadline() {
        return deadline;
    }

    /** Queues bytes of the handshake ahead of any frame, and whether the connection closes once they are written. */
    void queueOutput(ByteBuffer bytes, boolean thenClose) {
        output = bytes;
        closeAfterOutput = thenClose;
    }

    /** Tells whether handshake bytes wait to be written. */
    boolean hasOutput() {
        return output != null;
    }

    /** Tells whether the connection closes once the handshake's bytes are written: they are a rejection. */
    boolean closesAfterOutput() {
        return closeAfterOutput;
    }

    /** Copies as much of the handshake's bytes into {@code dst} as fit. */
    void copyOutput(ByteBuffer dst) {
        int count = Math.min(dst.remaining(), output.remaining());
        ByteBuffer piece = output.slice(output.position(), count);
        dst.put(piece);
        output.position(output.position() + count);
        if (!output.hasRemaining()) {
            output = null;
        }
    }
}
