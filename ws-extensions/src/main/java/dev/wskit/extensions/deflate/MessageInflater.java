package dev.wskit.extensions.deflate;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses incoming messages of one connection (RFC 7692 §7.2.2) as their frames arrive: each chunk is
 * inflated at once through a fixed 16 KiB buffer into the sink. Nothing is buffered, so when the sink throws
 * at the message size limit (1009) inflation stops there: a small frame that would inflate to gigabytes
 * costs at most the limit plus one buffer.
 *
 * <p>The {@code 00 00 ff ff} that §7.2.2 appends to a message only completes an empty stored block and
 * yields no output. When the window is kept it is inflated together with the next compressed message's
 * first bytes, which saves a call into zlib per message. When the stream is reset after each message it is
 * not needed at all. A compressed message with an empty payload holds no DEFLATE data and yields nothing.
 *
 * <p>Any window from 8 to 15 bits is inflated with zlib's 32 KiB window, which covers every smaller one.
 * Corrupt data fails the connection with 1007 (invalid payload data: the message is not what its RSV1 bit
 * says it is). A message whose DEFLATE data ends with a BFINAL block (§7.2.3.4) ends the stream. What
 * follows that block in the message is ignored, and the next message starts with an empty window: a
 * sender that ended its stream cannot refer back past it.
 *
 * <p><b>Memory.</b> When the peer keeps context, the {@link Inflater} is borrowed at the first compressed
 * message and kept until {@link #close()}; otherwise it is borrowed for one message and returned reset. Not
 * thread-safe: one connection's receiving thread at a time.
 */
final class MessageInflater implements ExtensionDecoder {
    private static final int RSV1 = 0b100;
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
    /** A first chunk up to this size is copied behind the previous message's tail, to inflate both at once. */
    private static final int MERGE_LIMIT = 512;

    private final ZlibPools pools;
    private final boolean keepContext;
    private Inflater inflater;
    private byte[] merged;
    private boolean transforming;
    private boolean receivedData;
    private boolean tailPending;
    private boolean closed;

    /**
     * Creates the decompressor of one connection.
     *
     * @param pools where zlib streams and buffers come from
     * @param keepContext whether the peer may refer to earlier messages (§7.1.1)
     */
    MessageInflater(ZlibPools pools, boolean keepContext) {
        this.pools = pools;
        this.keepContext = keepContext;
    }

    @Override
    public void onFrameHeader(boolean firstFrame, int rsv) {
        boolean compressed = (rsv & RSV1) != 0;
        if (firstFrame) {
            transforming = compressed;
            receivedData = false;
        } else if (compressed) {
            // RFC 7692 §6.1: RSV1 MUST NOT be set on non-first fragments of a data message
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
        }
    }

    @Override
    public boolean isTransforming() {
        return transforming;
    }

    @Override
    public void decode(ByteBuffer chunk, PayloadSink sink) {
        if (closed) {
            throw new IllegalStateException("permessage-deflate extension already closed");
        }
        if (!chunk.hasRemaining()) {
            return;
        }
        receivedData = true;
        if (inflater == null) {
            inflater = pools.borrowInflater();
        }
        // a buffer lost to an exception is left to the garbage collector
        ByteBuffer out = pools.borrowBuffer();
        feed(chunk, out, sink);
        pools.release(out);
    }

    @Override
    public void endMessage(PayloadSink sink) {
        transforming = false;
        if (!receivedData) {
            // an empty payload carries no DEFLATE data at all: nothing to end
            return;
        }
        if (!keepContext) {
            // RFC 7692 §7.1.1: the peer starts each message with an empty window, so the stream goes back
            // reset; the 00 00 ff ff of §7.2.2 would only complete an empty block and yield nothing
            releaseInflater();
        } else {
            // RFC 7692 §7.2.2: 00 00 ff ff is appended to the payload; it completes an empty stored block,
            // which yields no output, so it is inflated with the start of the next message
            tailPending = true;
        }
    }

    /** Returns the held zlib stream to the pool; further use is not allowed. Idempotent. */
    void close() {
        closed = true;
        if (inflater != null) {
            releaseInflater();
        }
    }

    private void feed(ByteBuffer chunk, ByteBuffer out, PayloadSink sink) {
        if (tailPending) {
            feedAfterTail(chunk, out, sink);
        } else {
            inflater.setInput(chunk);
            drain(out, sink);
        }
        // RFC 7692 §7.2.3.4: bytes after a BFINAL block are not part of the stream; they are ignored
        chunk.position(chunk.limit());
    }

    /** Inflates the previous message's tail, merged with a small chunk, then the rest of the chunk. */
    private void feedAfterTail(ByteBuffer chunk, ByteBuffer out, PayloadSink sink) {
        tailPending = false;
        int length = chunk.remaining();
        boolean merge = length <= MERGE_LIMIT;
        int fed = merge ? TAIL.length + length : TAIL.length;
        inflater.setInput(merge ? mergeWithTail(chunk) : TAIL, 0, fed);
        if (drain(out, sink) == 0 && inflater.finished() && inflater.getRemaining() == fed) {
            // the previous message ended the stream with a BFINAL block (§7.2.3.4): this one starts afresh
            inflater.reset();
            if (merge) {
                inflater.setInput(merged, TAIL.length, length);
                drain(out, sink);
                return;
            }
        }
        if (!merge) {
            inflater.setInput(chunk);
            drain(out, sink);
        }
    }

    private byte[] mergeWithTail(ByteBuffer chunk) {
        if (merged == null) {
            merged = new byte[TAIL.length + MERGE_LIMIT];
            System.arraycopy(TAIL, 0, merged, 0, TAIL.length);
        }
        int length = chunk.remaining();
        if (chunk.hasArray()) {
            System.arraycopy(chunk.array(), chunk.arrayOffset() + chunk.position(), merged, TAIL.length, length);
        } else {
            chunk.get(merged, TAIL.length, length);
        }
        return merged;
    }

    /** Inflates all the input there is, a buffer at a time, and returns how many bytes came out. */
    private long drain(ByteBuffer out, PayloadSink sink) {
        int capacity = out.capacity();
        long total = 0;
        int written;
        do {
            written = inflateInto(out.array(), capacity);
            if (written > 0) {
                total += written;
                out.limit(written).position(0);
                sink.accept(out);
            }
        } while (written == capacity);
        return total;
    }

    private int inflateInto(byte[] out, int length) {
        try {
            return inflater.inflate(out, 0, length);
        } catch (DataFormatException e) {
            // RFC 7692 §7.2.2 and RFC 6455 §7.4.1: data that does not decompress is invalid payload data (1007)
            throw new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid permessage-deflate data: " + e.getMessage(), e);
        }
    }

    private void releaseInflater() {
        Inflater released = inflater;
        inflater = null;
        tailPending = false;
        pools.release(released);
    }
}
