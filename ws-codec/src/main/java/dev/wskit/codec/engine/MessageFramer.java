package dev.wskit.codec.engine;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;

/**
 * The data message being framed: each piece given to it (a whole message, or one piece of a message sent in
 * fragments) transformed by the extension when it begins, then cut into frames of at most the outgoing fragment
 * size (RFC 6455 §5.4), the first carrying the message's opcode and the extension's reserved bits (§5.2), the
 * others CONTINUATION. One buffer holds the extension's output for every message of the connection.
 */
final class MessageFramer {
    private static final byte[] NOTHING_ENCODED = new byte[0];
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final FrameEncoder encoder;
    private final ExtensionEncoder extension;
    private final EngineListener listener;
    private final int fragmentSize;
    private boolean open;
    private boolean started;
    private Opcode type;
    private int rsv;
    private ByteBuffer data;
    private int limit;
    private boolean last;
    private byte[] encoded = NOTHING_ENCODED;
    private int encodedLength;
    private long messageLength;
    private long messageEncodedLength;
    private final PayloadSink encodedSink = this::appendEncoded;

    MessageFramer(FrameEncoder encoder, ExtensionEncoder extension, EngineListener listener, int fragmentSize) {
        this.encoder = encoder;
        this.extension = extension;
        this.listener = listener;
        this.fragmentSize = fragmentSize;
    }

    /** Tells whether a message has begun and its final piece has not been framed. */
    boolean isOpen() {
        return open;
    }

    /** Returns the type of the message begun last. */
    Opcode type() {
        return type;
    }

    /** Tells whether a piece is being framed. */
    boolean hasPiece() {
        return data != null;
    }

    /** Returns the bytes of the piece not yet framed, after the extension. */
    long remaining() {
        return data == null ? 0 : limit - data.position();
    }

    /**
     * Takes a piece into framing: the start of a message unless one is open, transformed by the extension
     * unless {@code transform} is false (RFC 7692 §6). On a connection with an extension, a message's last piece
     * reports its lengths to the listener.
     */
    void begin(Opcode pieceType, ByteBuffer payload, boolean lastPiece, boolean transform) {
        if (!open) {
            open = true;
            started = false;
            type = pieceType;
            messageLength = 0;
            messageEncodedLength = 0;
            rsv = extension == null || !transform ? 0
                : extension.startMessage(pieceType, lastPiece ? payload.remaining() : -1);
        }
        messageLength += payload.remaining();
        data = rsv != 0 ? encode(payload, lastPiece) : payload;
        limit = data.limit();
        messageEncodedLength += data.remaining();
        last = lastPiece;
        if (last && extension != null) {
            listener.onMessageEncoded(messageLength, messageEncodedLength);
        }
    }

    /**
     * Begins the piece's next frame in the encoder.
     *
     * @return its opcode
     */
    Opcode beginFrame() {
        int end = (int) Math.min(limit, (long) data.position() + fragmentSize);
        data.limit(end);
        boolean fin = last && end == limit;
        Opcode opcode = started ? Opcode.CONTINUATION : type;
        encoder.begin(fin, started ? 0 : rsv, opcode, data);
        started = true;
        return opcode;
    }

    /** Tells whether the frame begun may go out as the caller's own bytes, of at least {@code min} bytes. */
    boolean isVerbatim(long min) {
        return rsv == 0 && encoder.isPayloadVerbatim() && data.remaining() >= min;
    }

    /**
     * Notes that the frame begun has been written.
     *
     * @return true when that was the piece's last frame
     */
    boolean frameWritten() {
        data.limit(limit);
        if (data.hasRemaining()) {
            return false;
        }
        data = null;
        if (last) {
            open = false;
            if (encoded.length > RETAINED_CAPACITY) {
                encoded = NOTHING_ENCODED;
            }
        }
        return true;
    }

    /** Lets go of the piece and the message: neither will be written. */
    void drop() {
        data = null;
        open = false;
    }

    private ByteBuffer encode(ByteBuffer payload, boolean lastPiece) {
        encodedLength = 0;
        extension.encode(payload, lastPiece, encodedSink);
        return ByteBuffer.wrap(encoded, 0, encodedLength);
    }

    private void appendEncoded(ByteBuffer chunk) {
        int count = chunk.remaining();
        if (encoded.length - encodedLength < count) {
            byte[] larger = new byte[Math.max(encodedLength + count, Math.max(256, encoded.length * 2))];
            System.arraycopy(encoded, 0, larger, 0, encodedLength);
            encoded = larger;
        }
        chunk.get(encoded, encodedLength, count);
        encodedLength += count;
    }
}
