package dev.wskit.extensions.deflate;

import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.codec.spi.SharedEncoding;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * Compresses outgoing messages of one connection (RFC 7692 §7.2.1): DEFLATE with a sync flush at the end of
 * every {@link #encode} call, so a streamed fragment can be framed at once, and the {@code 00 00 ff ff} tail
 * of the final flush removed.
 *
 * <p><b>Window sizes below 15.</b> {@link Deflater} always uses a 32 KiB window. To honour a smaller agreed
 * window of 2^N bytes, the compressor cuts its input into segments of at most 2^N bytes and ends each with a
 * full flush, after which zlib never refers back; every back-reference then stays inside one segment, at a
 * distance below 2^N, which any receiver with a 2^N window decodes (§7.1.2). Segments run on across messages
 * when context is kept, so small messages still share context.
 *
 * <p><b>Memory.</b> With context takeover the {@link Deflater} is borrowed at the first compressed message
 * and kept until {@link #close()}; without, it is borrowed for one message and returned reset. Output
 * buffers are borrowed for one call. Not thread-safe: one connection's sending thread at a time.
 */
final class MessageDeflater implements ExtensionEncoder {
    private static final int TAIL_LENGTH = 4;
    private static final ByteBuffer NO_INPUT = ByteBuffer.allocate(0);

    private final ZlibPools pools;
    private final long threshold;
    private final boolean keepContext;
    private final int segment;
    private final SharedDeflate shared;
    private Deflater deflater;
    private int segmentFill;
    private boolean closed;

    /**
     * Creates the compressor of one connection.
     *
     * @param pools where zlib streams and buffers come from
     * @param threshold messages of known size below this many bytes go out uncompressed
     * @param keepContext whether the LZ77 window is kept from one message to the next (§7.1.1)
     * @param windowBits the agreed window of this side's compressor, 8 to 15 (§7.1.2)
     */
    MessageDeflater(ZlibPools pools, long threshold, boolean keepContext, int windowBits) {
        this.pools = pools;
        this.threshold = threshold;
        this.keepContext = keepContext;
        this.segment = windowBits < DeflateParameters.MAX_WINDOW_BITS ? 1 << windowBits : 0;
        this.shared = keepContext ? null : new SharedDeflate(pools, threshold, windowBits);
    }

    @Override
    public int startMessage(Opcode type, long sizeHint) {
        requireOpen();
        // RFC 7692 §6: a message may be sent uncompressed, with RSV1 clear, whatever was negotiated
        return sizeHint >= 0 && sizeHint < threshold ? 0 : FrameHeader.RSV1;
    }

    /**
     * Returns the compression any connection with the same settings makes of a whole message: only without
     * context takeover (RFC 7692 §7.1.1), when each message starts from an empty window.
     *
     * @return the shared encoding, or {@code null} when this compressor keeps its window between messages
     */
    @Override
    public SharedEncoding sharedEncoding() {
        return shared;
    }

    @Override
    public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
        requireOpen();
        if (deflater == null) {
            deflater = pools.borrowDeflater();
        }
        ByteBuffer out = pools.borrowBuffer();
        try {
            compress(src, out, sink);
            emitRest(out, endOfMessage, sink);
        } finally {
            deflater.setInput(NO_INPUT);
            pools.release(out);
        }
        if (endOfMessage && !keepContext) {
            // RFC 7692 §7.1.1: without context takeover each message starts with an empty window
            releaseDeflater();
        }
    }

    /** Returns the held zlib stream to the pool; further use is not allowed. Idempotent. */
    void close() {
        closed = true;
        if (deflater != null) {
            releaseDeflater();
        }
    }

    private void compress(ByteBuffer src, ByteBuffer out, PayloadSink sink) {
        int limit = src.limit();
        do {
            int room = segment == 0 ? src.remaining() : segment - segmentFill;
            int take = Math.min(src.remaining(), room);
            boolean segmentFull = segment != 0 && take == room;
            src.limit(src.position() + take);
            deflater.setInput(src);
            // RFC 7692 §7.1.2: a full flush keeps back-references within the agreed window
            drain(segmentFull ? Deflater.FULL_FLUSH : Deflater.SYNC_FLUSH, out, sink);
            src.limit(limit);
            segmentFill = segment == 0 || segmentFull ? 0 : segmentFill + take;
        } while (src.hasRemaining());
    }

    private void drain(int flush, ByteBuffer out, PayloadSink sink) {
        while (true) {
            int room = out.remaining();
            int written = deflater.deflate(out.array(), out.position(), room, flush);
            out.position(out.position() + written);
            if (written < room) {
                return;
            }
            emitAllButTail(out, sink);
        }
    }

    /** Emits the buffer but its last four bytes, which may be the tail to remove, and moves those to the front. */
    private static void emitAllButTail(ByteBuffer out, PayloadSink sink) {
        int end = out.position();
        out.flip().limit(end - TAIL_LENGTH);
        sink.accept(out);
        out.limit(end).position(end - TAIL_LENGTH);
        out.compact();
    }

    private static void emitRest(ByteBuffer out, boolean endOfMessage, PayloadSink sink) {
        if (endOfMessage) {
            if (endsWithTail(out)) {
                // RFC 7692 §7.2.1: remove the 4 octets 00 00 ff ff from the tail end
                out.position(out.position() - TAIL_LENGTH);
            } else {
                // RFC 7692 §7.2.1, §7.2.3.6: with nothing flushed (the input was already flushed), append an
                // empty stored block, 00 00 00 ff ff, and remove its last 4 octets: one 00 remains
                out.put((byte) 0);
            }
        }
        out.flip();
        if (out.hasRemaining()) {
            sink.accept(out);
        }
    }

    private static boolean endsWithTail(ByteBuffer out) {
        int end = out.position();
        return end >= TAIL_LENGTH && out.get(end - 4) == 0 && out.get(end - 3) == 0
            && out.get(end - 2) == (byte) 0xFF && out.get(end - 1) == (byte) 0xFF;
    }

    private void releaseDeflater() {
        Deflater released = deflater;
        deflater = null;
        segmentFill = 0;
        pools.release(released);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("permessage-deflate extension already closed");
        }
    }
}
