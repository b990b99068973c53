package dev.wskit.transport;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.SharedEncoding;
import dev.wskit.transport.internal.PreparedFrames;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data message prepared once for a broadcast, so that connections that would send the same bytes share them
 * instead of each encoding (or compressing) the message again. Only servers can send it: clients must mask
 * each frame with a fresh key (RFC 6455 §5.3).
 *
 * <p><b>Who gets which bytes.</b> The message is encoded at once as one unmasked, uncompressed frame (§5.1),
 * and each connection it is sent on takes the form its negotiated extension allows:
 * <ul>
 *   <li>a connection without permessage-deflate, or with {@link Compression#NONE}, gets that plain frame
 *       (RFC 7692 §6 lets any message go uncompressed);</li>
 *   <li>a connection whose server compresses without context takeover ({@code server_no_context_takeover}
 *       agreed, or the server configured to reset its window: RFC 7692 §7.1.1.1) compresses every message
 *       from an empty window, so its bytes depend only on the window ({@code server_max_window_bits},
 *       §7.1.2.1), the zlib level and the threshold: the message is compressed once per distinct such
 *       setting (§7.2.1), on the first connection that needs it, and every connection with the same setting
 *       writes the same compressed frame. A message below the threshold goes plain, as a normal send would;</li>
 *   <li>a connection whose server keeps its window across messages (context takeover) compresses the message
 *       itself, with its own compressor and in order with its other messages, since its bytes refer back to
 *       what that connection sent before.</li>
 * </ul>
 * So a broadcast costs one compression per distinct shared setting (usually one), plus one per connection
 * that keeps context. A server that broadcasts much may configure {@code ownContextTakeover(false)} in its
 * deflate configuration to have every connection share.
 *
 * <p>Immutable as seen from outside, and thread-safe: the compressed frames are computed lazily, each once,
 * whichever connections ask at the same time.
 */
public final class PreparedMessage {
    private final Opcode type;
    private final ByteBuffer frame;
    private final int payloadLength;
    private final Compression compression;
    /** The compressed frames by shared encoding, made at the first one: a message sent plain needs no map. */
    private volatile ConcurrentHashMap<SharedEncoding, ByteBuffer> encoded;

    private static final VarHandle ENCODED;

    static {
        try {
            ENCODED = MethodHandles.lookup().findVarHandle(PreparedMessage.class, "encoded", ConcurrentHashMap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        PreparedFrames.install(PreparedMessage::sharedFrame);
    }

    /** Prepares a message from a payload of its own, which framing consumes. */
    private PreparedMessage(Opcode type, ByteBuffer ownPayload, Compression compression) {
        this.type = type;
        this.payloadLength = ownPayload.remaining();
        this.compression = Objects.requireNonNull(compression, "compression");
        this.frame = encodeFrame(0, ownPayload);
    }

    /**
     * Prepares a text message, compressed where the connection's extension decides so.
     *
     * @param text the message
     * @return the prepared message
     */
    public static PreparedMessage text(CharSequence text) {
        return text(text, Compression.AUTO);
    }

    /**
     * Prepares a text message.
     *
     * @param text the message
     * @param compression {@link Compression#NONE} to send it uncompressed everywhere
     * @return the prepared message
     */
    public static PreparedMessage text(CharSequence text, Compression compression) {
        // String.getBytes replaces unpaired surrogates as Charset.encode does, without an encoder per message
        return new PreparedMessage(Opcode.TEXT, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)),
            compression);
    }

    /**
     * Prepares a binary message (copying its payload), compressed where the connection's extension decides so.
     *
     * @param data the payload between position and limit (not consumed)
     * @return the prepared message
     */
    public static PreparedMessage binary(ByteBuffer data) {
        return binary(data, Compression.AUTO);
    }

    /**
     * Prepares a binary message (copying its payload).
     *
     * @param data the payload between position and limit (not consumed)
     * @param compression {@link Compression#NONE} to send it uncompressed everywhere, as suits a payload that
     *     is already compressed
     * @return the prepared message
     */
    public static PreparedMessage binary(ByteBuffer data, Compression compression) {
        return new PreparedMessage(Opcode.BINARY, data.duplicate(), compression);
    }

    /**
     * Returns a fresh read-only view of the plain frame: unmasked, uncompressed, RSV bits clear.
     *
     * @return the frame's bytes
     */
    public ByteBuffer frame() {
        return frame.duplicate();
    }

    /**
     * Returns a fresh read-only view of the frame for connections with the given shared encoding: the plain
     * frame for {@link SharedEncoding#IDENTITY}, for {@link Compression#NONE} or when the encoding leaves the
     * message untransformed, and otherwise the message transformed by the encoding, computed at the first call
     * for an equal encoding and kept for the later ones.
     *
     * @param encoding the connection's shared encoding
     * @return the frame's bytes
     */
    public ByteBuffer frame(SharedEncoding encoding) {
        return sharedFrame(this, encoding).duplicate();
    }

    /**
     * Returns the frame for the encoding itself, not a view: the buffer every connection with that encoding
     * reads by absolute index, which no one may move. Allocates nothing once the frame is computed.
     */
    private static ByteBuffer sharedFrame(PreparedMessage message, SharedEncoding encoding) {
        if (message.compression == Compression.NONE || encoding == SharedEncoding.IDENTITY) {
            return message.frame;
        }
        ConcurrentHashMap<SharedEncoding, ByteBuffer> forms = message.forms();
        ByteBuffer computed = forms.get(encoding);
        return computed != null ? computed : forms.computeIfAbsent(encoding, message::encode);
    }

    /** Returns the map of compressed frames, made by the first thread that needs it. */
    private ConcurrentHashMap<SharedEncoding, ByteBuffer> forms() {
        ConcurrentHashMap<SharedEncoding, ByteBuffer> forms = encoded;
        if (forms == null) {
            ENCODED.compareAndSet(this, null, new ConcurrentHashMap<SharedEncoding, ByteBuffer>(2));
            forms = encoded;
        }
        return forms;
    }

    /**
     * Returns a fresh read-only view of the payload, for a connection that transforms the message itself.
     *
     * @return the message's bytes, UTF-8 for a text message
     */
    public ByteBuffer payload() {
        return frame.duplicate().position(frame.limit() - payloadLength).slice();
    }

    /**
     * Returns the message's type.
     *
     * @return TEXT or BINARY
     */
    public Opcode type() {
        return type;
    }

    /**
     * Returns whether the message may be compressed.
     *
     * @return the compression asked for when the message was prepared
     */
    public Compression compression() {
        return compression;
    }

    /**
     * Returns the size of the message's payload.
     *
     * @return the payload length in bytes
     */
    public int payloadLength() {
        return payloadLength;
    }

    /** Tells for how many distinct shared encodings this message holds a frame (each computed once). */
    int encodedForms() {
        ConcurrentHashMap<SharedEncoding, ByteBuffer> forms = encoded;
        return forms == null ? 0 : forms.size();
    }

    private ByteBuffer encode(SharedEncoding encoding) {
        int rsv = encoding.startMessage(type, payloadLength);
        if (rsv == 0) {
            return frame;
        }
        Collector transformed = new Collector(payloadLength);
        encoding.encode(payload(), transformed::append);
        return encodeFrame(rsv, transformed.bytes());
    }

    private ByteBuffer encodeFrame(int rsv, ByteBuffer payload) {
        int length = payload.remaining();
        ByteBuffer encodedFrame = ByteBuffer.allocate(FrameHeader.encodedLength(length, false) + length);
        new FrameEncoder(Role.SERVER).encode(true, rsv, type, payload, encodedFrame);
        return encodedFrame.flip().asReadOnlyBuffer();
    }

    /** Gathers an encoding's output chunks into one array. */
    private static final class Collector {
        private byte[] bytes;
        private int length;

        Collector(int expected) {
            this.bytes = new byte[Math.max(64, expected / 2)];
        }

        void append(ByteBuffer chunk) {
            int count = chunk.remaining();
            if (bytes.length - length < count) {
                bytes = Arrays.copyOf(bytes, Math.max(length + count, bytes.length * 2));
            }
            chunk.get(bytes, length, count);
            length += count;
        }

        ByteBuffer bytes() {
            return ByteBuffer.wrap(bytes, 0, length);
        }
    }
}
