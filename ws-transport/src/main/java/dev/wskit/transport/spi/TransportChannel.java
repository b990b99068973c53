package dev.wskit.transport.spi;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The transport's side of one connection, as a {@link ConnectionHandler} sees it. Thread-safe: handlers call
 * it from any thread.
 */
public interface TransportChannel {
    /** The handler has output: the transport calls {@link ConnectionHandler#produce} soon (now, or when writable). */
    void requestWrite();

    /**
     * Closes the connection once what has been produced is written; {@link ConnectionHandler#onClosed} follows.
     */
    void close();

    /** How long {@link #closeLingering} reads and discards input at most. */
    Duration LINGER = Duration.ofSeconds(2);
    /** How many bytes {@link #closeLingering} reads and discards at most. */
    long LINGER_MAX_BYTES = 1 << 20;

    /**
     * Closes the connection as {@link #close} does, for a peer that may still be sending, as a client whose
     * request is rejected: once what has been produced is written, output is shut down (after TLS close_notify)
     * and input is read and discarded until the peer ends it, for at most {@link #LINGER} and
     * {@link #LINGER_MAX_BYTES}, before the socket closes. Closing with input unread would make TCP reset the
     * connection, which can destroy the response before the peer reads it (RFC 9112 §9.6).
     */
    void closeLingering();

    /** Closes the connection at once, dropping unwritten output (a reset, as after a failed handshake). */
    void abort();

    /**
     * Asks for {@link ConnectionHandler#onTimer} at or soon after a {@link System#nanoTime()} instant; a later
     * call replaces the earlier deadline.
     *
     * @param deadlineNanos the instant, or {@link Long#MAX_VALUE} for none
     */
    void scheduleTimer(long deadlineNanos);

    /**
     * Confines the handler to the one thread that makes every {@link ConnectionHandler} call of this connection,
     * when the transport has such a thread (an NIO event loop): the handler then keeps its state without a lock,
     * and other threads hand it their work and call {@link #wakeHandler}, after which {@code work} runs on that
     * thread. A transport whose handler calls come from several threads (a reader, and writers) refuses, and the
     * handler locks. Called by the handler from {@link ConnectionHandler#onConnected}, on the transport's thread.
     *
     * @param work what the serving thread runs when woken
     * @return true when the handler is confined from now on; by default false
     */
    default boolean confineHandler(Runnable work) {
        return false;
    }

    /**
     * Has the work given to {@link #confineHandler} run on the serving thread soon (once for several calls made
     * before it runs). Any thread. Without confinement, nothing happens.
     */
    default void wakeHandler() {
    }

    /**
     * Stops or resumes reading from the peer (receive-side backpressure).
     *
     * @param paused true to stop reading
     */
    void pauseReading(boolean paused);

    /**
     * Returns the peer's address.
     *
     * @return the remote socket address
     */
    InetSocketAddress remoteAddress();

    /**
     * Returns this side's address.
     *
     * @return the local socket address
     */
    InetSocketAddress localAddress();

    /**
     * Tells whether the connection runs over TLS.
     *
     * @return true for {@code wss://}
     */
    boolean isSecure();
}
