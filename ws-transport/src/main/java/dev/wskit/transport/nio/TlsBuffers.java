package dev.wskit.transport.nio;

import java.nio.ByteBuffer;

/**
 * An event loop's buffers for TLS, lent to one connection at a time: records read from the socket, their
 * decrypted bytes, and records to write. Sized from the sessions' packet and application buffer sizes, and
 * grown when a session asks for more (as with large records). Loop thread only.
 *
 * <p>The record buffers and the plaintext to encrypt are on the heap, and the decrypted bytes' buffer is direct.
 * The JDK's {@code SSLEngine} encrypts and decrypts array-backed buffers without copying them aside: on JDK 25,
 * direct record buffers cost about 330 more bytes allocated per {@code wrap} and up to 350 more per
 * {@code unwrap}, and direct plaintext about 110 more per {@code wrap} ({@code TlsEngineBenchmark} in
 * ws-benchmarks, {@code -prof gc}). The socket moves the records through the JDK's cached temporary direct
 * buffer, a copy of the record's bytes with no allocation.
 */
final class TlsBuffers {
    private static final int RECORDS_PER_WRITE = 4;
    /** The most plaintext a TLS record carries (RFC 8446 §5.1, RFC 5246 §6.2.1): 2^14 bytes. */
    private static final int PLAINTEXT_PER_RECORD = 16 * 1024;

    private ByteBuffer netIn = ByteBuffer.allocate(0);
    private ByteBuffer appIn = ByteBuffer.allocateDirect(0);
    private ByteBuffer netOut = ByteBuffer.allocate(0);
    private final ByteBuffer plainOut = ByteBuffer.allocate(PLAINTEXT_PER_RECORD);
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
        netIn = atLeast(netIn, LoopBuffers.BUFFER_SIZE + packetSize);
        appIn = atLeast(appIn, Math.max(LoopBuffers.BUFFER_SIZE, 2 * appSize));
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

    /**
     * Returns the buffer for plaintext to encrypt, cleared: one record's worth.
     *
     * @return the buffer, on the heap
     */
    ByteBuffer plainOut() {
        return plainOut.clear();
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
