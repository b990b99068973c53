package dev.wskit.transport.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The protocol side of one connection, driven by a transport: the RFC 6455 opening handshake (§4), then the
 * engine (§5–§7). The transport reports bytes and events; the handler answers with bytes to write.
 *
 * <p><b>Threads.</b> {@link #onConnected}, {@link #onReceived} and {@link #onClosed} are called by one thread
 * at a time (the connection's reader or event loop). {@link #produce}, {@link #hasOutput},
 * {@link #onOutputFlushed} and {@link #onTimer} may be called from other threads too; the handler is
 * thread-safe for them. Handlers never block on I/O.
 */
public interface ConnectionHandler {
    /**
     * The connection is established (and its TLS handshake done): the handler may now produce output.
     *
     * @param channel the transport's side of this connection
     */
    void onConnected(TransportChannel channel);

    /**
     * Bytes arrived.
     *
     * @param data the bytes between position and limit; all are consumed, and the buffer may be modified
     */
    void onReceived(ByteBuffer data);

    /**
     * Tells whether {@link #produce} would write something.
     *
     * @return true when output is pending
     */
    boolean hasOutput();

    /**
     * Fills {@code dst} with the next bytes to send.
     *
     * @param dst where the bytes go
     * @return the number of bytes written into {@code dst}
     */
    int produce(ByteBuffer dst);

    /**
     * Fills {@code dst} as {@link #produce} does, but may stop after the header of a frame whose payload of at
     * least {@code minDetached} bytes goes on the wire unchanged, and hand that payload over instead of copying
     * it: the transport writes it right after the bytes in {@code dst} (a gathering write, or one
     * {@code SSLEngine.wrap} of both), and all of it before it calls {@code produce} again and before
     * {@link #onOutputFlushed}. The payload stays unchanged until then. Handlers that cannot hand payloads over
     * produce into {@code dst} alone.
     *
     * @param dst where the bytes go
     * @param minDetached the smallest payload the transport would rather write from its own buffer
     * @return the bytes to write after those put into {@code dst}, or {@code null}
     */
    default ByteBuffer produceGathering(ByteBuffer dst, int minDetached) {
        produce(dst);
        return null;
    }

    /** Everything produced so far has been written to the socket (send futures may complete). */
    void onOutputFlushed();

    /**
     * Some output produced earlier, not yet all of it, reached the socket: the peer reads, however slowly. A
     * transport that keeps a large payload pending across many writes calls it when the socket becomes writable
     * again, so that the write-stall timeout measures a peer that stopped reading, not a long message. By
     * default nothing happens.
     */
    default void onOutputProgress() {
    }

    /**
     * A deadline asked for with {@link TransportChannel#scheduleTimer} has passed.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void onTimer(long nowNanos);

    /**
     * Serving this connection threw (an exception or an {@link Error} escaped the transport's or the handler's
     * code): the handler fails the connection with 1011 (RFC 6455 §7.4.1) and queues the Close for the
     * transport, which writes what it can and then closes the socket. The transport has logged the failure;
     * its other connections go on. By default nothing is queued.
     *
     * @param cause what was thrown
     */
    default void onInternalError(Throwable cause) {
    }

    /**
     * The connection ended: closed by either side, reset, or failed. Called exactly once.
     *
     * @param cause the I/O error, or {@code null} for an orderly end
     */
    void onClosed(IOException cause);
}
