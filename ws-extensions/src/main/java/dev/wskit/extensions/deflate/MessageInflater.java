package dev.wskit.extensions.deflate;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses incoming messages of one connection (RFC 7692 §7.2.2) as their frames arrive, through a 16 KiB
 * buffer into the sink. Nothing inflated is buffered and at most 512 compressed bytes are held, so when the
 * sink throws at the message size limit (1009) inflation stops there: a small frame that would inflate to
 * gigabytes costs at most the limit plus one buffer.
 *
 * <p><b>The tail.</b> §7.2.2 appends {@code 00 00 ff ff} to the payload and inflates the result. When the
 * window is kept, chunks of up to 512 bytes in all are held, compressed, and inflated together with what
 * follows them: a larger chunk, or at the end of the message the tail. A small message then costs one call
 * into zlib, which decodes its last bytes on its fast path, as it would for the whole payload at once. When
 * a message's last chunk was too large to hold, the tail only completes an empty stored block and yields
 * nothing, so it waits to be inflated with the next message's first bytes. When the stream is reset after
 * each message the tail is not needed at all, and every chunk is inflated at once. A compressed message with
 * an empty payload holds no DEFLATE data and yields nothing.
 *
 * <p>Any window from 8 to 15 bits is inflated with zlib's 32 KiB window, which covers every smaller one.
 * Corrupt data fails the connection with 1007 (invalid payload data: the message is not what its RSV1 bit
 * says it is). A message whose DEFLATE data ends with a BFINAL block (§7.2.3.4) ends the stream. What
 * follows that block in the message is ignored, and the next message starts with an empty window: a
 * sender that ended its stream cannot refer back past it.
 *
 * <p><b>Memory.</b> When the peer keeps context, the {@link InflateStream} (a zlib stream and a 0.5 KiB input
 * buffer) is borrowed at the first compressed message and kept until {@link #close()}, and output buffers are
 * borrowed for one call; otherwise the stream, with its own output buffer, is borrowed for one message and
 * returned reset. Not thread-safe: one connection's receiving thread at a time.
 */
final class MessageInflater implements ExtensionDecoder {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final ZlibPools pools;
    private final boolean keepContext;
    private InflateStream stream;
    /** How many bytes wait at the start of the stream's input. */
    private int held;
    /** Whether the held bytes start with the previous message's tail. */
    private boolean heldTail;
    /** Whether nothing of the current message has gone to zlib yet. */
    private boolean messageStart;
    private boolean transforming;
    private boolean receivedData;
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
        boolean compressed = (rsv & FrameHeader.RSV1) != 0;
        if (firstFrame) {
            transforming = compressed;
            receivedData = false;
            messageStart = true;
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
        int length = chunk.remaining();
        if (length == 0) {
            return;
        }
        receivedData = true;
        if (stream == null) {
            stream = pools.borrowInflater();
            if (keepContext) {
                stream.dropOutput();
            }
        }
        if (keepContext && length <= InflateStream.INPUT_SIZE - TAIL.length - held) {
            // a small chunk waits, to be inflated with what follows it: at best the tail, in the same call
            hold(chunk, length);
        } else {
            inflateHeld(sink);
            setInput(chunk, length);
            if (inflate(length, sink)) {
                setInput(chunk, length);
                drain(sink);
            }
        }
        // RFC 7692 §7.2.3.4: bytes after a BFINAL block are not part of the stream; they are ignored
        chunk.position(chunk.limit());
    }

    @Override
    public void endMessage(PayloadSink sink) {
        transforming = false;
        if (!receivedData || stream == null) {
            // an empty payload carries no DEFLATE data at all, and a closed extension holds none: nothing to end
            return;
        }
        if (!keepContext) {
            // RFC 7692 §7.1.1: the peer starts each message with an empty window, so the stream goes back
            // reset; the 00 00 ff ff of §7.2.2 would only complete an empty block and yield nothing
            releaseInflater();
            return;
        }
        // RFC 7692 §7.2.2: 00 00 ff ff is appended to the payload. Behind held bytes it is inflated with them;
        // alone it completes an empty stored block, yields nothing, and waits for the next message's bytes
        boolean messageHeld = held > 0;
        System.arraycopy(TAIL, 0, stream.input(), held, TAIL.length);
        held += TAIL.length;
        if (messageHeld) {
            inflateHeld(sink);
        } else {
            heldTail = true;
        }
    }

    /** Returns the held zlib stream (and the window in it) to the pool at once, as {@link #close()} does. */
    @Override
    public void release() {
        close();
    }

    /** Returns the held zlib stream to the pool; further use is not allowed. Idempotent. */
    void close() {
        closed = true;
        if (stream != null) {
            releaseInflater();
        }
    }

    private void hold(ByteBuffer chunk, int length) {
        if (chunk.hasArray()) {
            System.arraycopy(chunk.array(), chunk.arrayOffset() + chunk.position(), stream.input(), held, length);
        } else {
            chunk.get(chunk.position(), stream.input(), held, length);
        }
        held += length;
    }

    private void setInput(ByteBuffer chunk, int length) {
        Inflater inflater = stream.inflater();
        if (chunk.hasArray()) {
            // through the array zlib reads the bytes with fewer steps, and the inflater keeps no caller's buffer
            inflater.setInput(chunk.array(), chunk.arrayOffset() + chunk.position(), length);
        } else {
            inflater.setInput(chunk);
        }
    }

    private void inflateHeld(PayloadSink sink) {
        int length = held;
        if (length == 0) {
            return;
        }
        int skip = heldTail ? TAIL.length : 0;
        held = 0;
        heldTail = false;
        Inflater inflater = stream.inflater();
        inflater.setInput(stream.input(), 0, length);
        if (inflate(length, sink)) {
            // the previous message's tail belonged to the ended stream: the new one starts after it
            inflater.setInput(stream.input(), skip, length - skip);
            drain(sink);
        }
    }

    /**
     * Inflates the input set. Returns true when zlib refused it because the previous message had ended the
     * stream with a BFINAL block (§7.2.3.4): the stream is then reset, ready for the message's bytes again.
     */
    private boolean inflate(int fed, PayloadSink sink) {
        boolean first = messageStart;
        messageStart = false;
        Inflater inflater = stream.inflater();
        if (drain(sink) == 0 && first && inflater.finished() && inflater.getRemaining() == fed) {
            inflater.reset();
            return true;
        }
        return false;
    }

    /**
     * Inflates all the input there is, a buffer at a time, and returns how many bytes came out. A stream
     * borrowed for one message brings its own buffer; one kept for the connection's life borrows a buffer
     * per call, so that an idle connection holds none.
     */
    private long drain(PayloadSink sink) {
        // a buffer lost to an exception is left to the garbage collector
        ByteBuffer out = keepContext ? pools.borrowBuffer() : stream.output();
        long total = 0;
        int written;
        do {
            written = inflateInto(out, sink);
            total += written;
        } while (written == out.capacity());
        if (keepContext) {
            pools.release(out);
        }
        return total;
    }

    private int inflateInto(ByteBuffer out, PayloadSink sink) {
        int written;
        try {
            written = stream.inflater().inflate(out.array(), 0, out.capacity());
        } catch (DataFormatException e) {
            // RFC 7692 §7.2.2 and RFC 6455 §7.4.1: data that does not decompress is invalid payload data (1007)
            throw new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid permessage-deflate data: " + e.getMessage(), e);
        }
        if (written > 0) {
            out.limit(written).position(0);
            sink.accept(out);
        }
        return written;
    }

    private void releaseInflater() {
        InflateStream released = stream;
        stream = null;
        held = 0;
        heldTail = false;
        pools.release(released);
    }
}
