package dev.wskit.extensions.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * The zlib streams and output buffers that the connections of one {@link PerMessageDeflate} share (RFC 7692
 * §7.2): raw DEFLATE streams (no zlib header, as §7.2.1 requires) at the configured level, reset before each
 * reuse so that a borrower always starts with an empty LZ77 window.
 *
 * <p>Thread-safe. Pooled streams hold native memory until {@link #close()} or their release into a full pool.
 */
final class ZlibPools {
    /** The size of the buffers that compressed and decompressed bytes pass through on their way to a sink. */
    static final int BUFFER_SIZE = 16 * 1024;

    private final Pool<Deflater> deflaters;
    private final Pool<InflateStream> inflaters;
    private final BufferCache buffers;

    ZlibPools(int level, int deflaterCapacity, int inflaterCapacity) {
        this.deflaters = new Pool<>(deflaterCapacity, () -> new Deflater(level, true), Deflater::reset,
            Deflater::end);
        this.inflaters = new Pool<>(inflaterCapacity, InflateStream::new, InflateStream::reset, InflateStream::end);
        this.buffers = new BufferCache(deflaterCapacity + inflaterCapacity, BUFFER_SIZE);
    }

    Deflater borrowDeflater() {
        return deflaters.borrow();
    }

    void release(Deflater deflater) {
        deflaters.release(deflater);
    }

    InflateStream borrowInflater() {
        return inflaters.borrow();
    }

    void release(InflateStream inflater) {
        inflaters.release(inflater);
    }

    ByteBuffer borrowBuffer() {
        return buffers.borrow();
    }

    void release(ByteBuffer buffer) {
        buffers.release(buffer);
    }

    Pool<Deflater> deflaters() {
        return deflaters;
    }

    Pool<InflateStream> inflaters() {
        return inflaters;
    }

    void close() {
        deflaters.close();
        inflaters.close();
    }
}
