package dev.wskit.transport.nio;

import java.nio.ByteBuffer;

/**
 * An event loop's buffers for TLS, lent to one connection at a time: records read from the socket, their
 * decrypted bytes, and records to write. Sized from the sessions' packet and application buffer sizes, and
 * grown when a session asks for more (as with large records). Loop thread only.
 *
 * <p>The record buffers are on the heap and the decrypted bytes' buffer is direct. The JDK's {@code SSLEngine}
 * encrypts and decrypts array-backed records without copying them aside; given direct record buffers it allocated
 * about 330 more bytes per {@code wrap} and up to 350 more per {@code unwrap} on JDK 25 ({@code TlsEngineBenchmark}
 * in ws-benchmarks, {@code -prof gc}). The
 * socket then moves the records through the JDK's cached temporary direct buffer, a copy of the record's bytes
 * with no allocation.
 */
final class TlsBuffers {
    private static final int RECORDS_PER_WRITE = 4;

    private ByteBuffer netIn = ByteBuffer.allocate(0);
    private ByteBuffer appIn = ByteBuffer.allocateDirect(0);
    private ByteBuffer netOut = ByteBuffer.allocate(0);
    private int packetSize;
    private int appSize;

    /**
     * Grows the buffers to what a session needs.
     *
     * @param session the session of a connection about to use them
     */
    void fit(TlsSession session) {
        packetSize = Math.max(packetSize, session.packetSize());
        appSize = Math.max(appSize, session.applicationSize());
        netIn = atLeast(netIn, EventLoop.BUFFER_SIZE + packetSize);
        appIn = atLeast(appIn, Math.max(EventLoop.BUFFER_SIZE, 2 * appSize));
        netOut = atLeast(netOut, RECORDS_PER_WRITE * packetSize);
    }

    private static ByteBuffer atLeast(ByteBuffer buffer, int capacity) {
        if (buffer.capacity() >= capacity) {
            return buffer;
        }
        return buffer.isDirect() ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** Returns the buffer for records read from the socket. */
    ByteBuffer netIn() {
        return netIn;
    }

    /** Returns the buffer for decrypted bytes. */
    ByteBuffer appIn() {
        return appIn;
    }

    /** Returns the buffer for records to write. */
    ByteBuffer netOut() {
        return netOut;
    }

    /** Returns the largest record, in bytes on the wire. */
    int packetSize() {
        return packetSize;
    }

    /** Returns the most plaintext one record carries. */
    int appSize() {
        return appSize;
    }
}
