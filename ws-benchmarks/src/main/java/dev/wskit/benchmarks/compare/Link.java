package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The load generator's byte pipe over one TCP connection, plain or TLS, working on blocking and non-blocking
 * channels alike. Not thread-safe: one thread drives a link at a time.
 */
sealed interface Link extends AutoCloseable permits PlainLink, TlsLink {

    /**
     * Returns the underlying channel (to register it with a selector).
     *
     * @return the channel
     */
    SocketChannel channel();

    /**
     * Writes from {@code src} as far as the socket takes (all of it on a blocking channel).
     *
     * @param src the bytes to send, consumed from position to limit
     * @return true when {@code src} and everything buffered below went out; false when the socket is full
     * @throws IOException when the connection fails
     */
    boolean write(ByteBuffer src) throws IOException;

    /**
     * Reads what has arrived into {@code dst}.
     *
     * @param dst where application bytes go, with room for at least 16 KiB
     * @return the bytes read, 0 when nothing is ready (non-blocking only), -1 at the end of the stream
     * @throws IOException when the connection fails
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Tells whether received bytes wait below the link (a TLS record not yet decrypted), so that another
     * {@link #read} may return data without the socket being readable again.
     *
     * @return true when a read may still produce bytes
     */
    default boolean hasBuffered() {
        return false;
    }

    /**
     * Ends sending (TCP half-close); only meaningful for the raw echo, whose sink waits for it.
     *
     * @throws IOException when the socket refuses
     */
    default void shutdownOutput() throws IOException {
        channel().shutdownOutput();
    }

    /** Closes the connection abruptly, ignoring failures. */
    @Override
    default void close() {
        try {
            channel().close();
        } catch (IOException ignored) {
            // Closing a benchmark connection that already failed tells nothing new.
        }
    }
}
