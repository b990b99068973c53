package dev.wskit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Writes RFC 6455 frames (§5.2) into buffers the caller provides, masking client frames (§5.3).
 *
 * <p>Encoding is resumable: {@link #begin} starts a frame over a payload buffer (not copied), and
 * {@link #encode(ByteBuffer)} writes as much as fits, returning {@code false} while the frame is unfinished,
 * so a frame of any size goes out through a buffer of any size. Client masking keys come from an injected
 * {@link RandomGenerator}, a {@link SecureMaskKeys} by default, as §5.3 requires keys to be unpredictable.
 * They are drawn {@value #KEYS_PER_DRAW} at a time with {@link RandomGenerator#nextBytes(byte[])}, big-endian, so
 * that the generator's cost per call is shared by that many frames.
 * Nothing is allocated per frame.
 *
 * <p>Not thread-safe: one encoder per connection, used by one thread at a time.
 */
public final class FrameEncoder {
    private final boolean masking;
    private static final int KEYS_PER_DRAW = 16;
    /** What a server's encoder holds instead of a key source: it never masks. */
    private static final RandomGenerator NO_KEYS = () -> {
        throw new IllegalStateException("A server does not mask");
    };
    private static final VarHandle KEY_AT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    /** A server draws no keys: every server's encoder shares this empty array. */
    private static final byte[] NO_DRAWN_KEYS = new byte[0];

    private final RandomGenerator maskKeys;
    private final byte[] drawnKeys;
    private int nextKeyAt;
    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private int headerLength;
    private int headerWritten;
    private ByteBuffer payload;
    private int maskKey;
    private int maskPhase;

    /**
     * Creates an encoder whose client masking keys come from a new {@link SecureMaskKeys} (a server's encoder
     * has no key source).
     *
     * @param role the side this encoder writes for: a client masks, a server does not
     */
    public FrameEncoder(Role role) {
        this(role, role.masksOutgoing() ? new SecureMaskKeys() : NO_KEYS);
    }

    /**
     * Creates an encoder with a given source of masking keys.
     *
     * @param role the side this encoder writes for
     * @param maskKeys where client masking keys come from; must be unpredictable outside tests (§10.3)
     */
    public FrameEncoder(Role role, RandomGenerator maskKeys) {
        this.masking = Objects.requireNonNull(role, "role").masksOutgoing();
        this.maskKeys = Objects.requireNonNull(maskKeys, "maskKeys");
        this.drawnKeys = masking ? new byte[KEYS_PER_DRAW * Integer.BYTES] : NO_DRAWN_KEYS;
        this.nextKeyAt = drawnKeys.length;
    }

    /**
     * Starts a frame whose payload is the bytes between the position and the limit of {@code payload}; the
     * buffer is read (and its position advanced) as {@link #encode(ByteBuffer)} writes, and must not be
     * changed until the frame is done.
     *
     * @param fin whether this is the final fragment of its message
     * @param rsv the reserved bits, {@link FrameHeader#RSV1} and the others
     * @param opcode the opcode
     * @param payload the payload
     * @throws IllegalStateException when the previous frame is unfinished
     * @throws IllegalArgumentException when a control frame is fragmented or longer than 125 bytes (§5.5)
     */
    public void begin(boolean fin, int rsv, Opcode opcode, ByteBuffer payload) {
        int length = payload.remaining();
        checkCanBegin(fin, rsv, opcode, length);
        maskKey = masking ? nextMaskKey() : 0;
        maskPhase = 0;
        headerLength = writeHeader(header, fin, rsv, opcode, masking, maskKey, length);
        headerWritten = 0;
        this.payload = payload;
    }

    private int nextMaskKey() {
        if (nextKeyAt == drawnKeys.length) {
            maskKeys.nextBytes(drawnKeys);
            nextKeyAt = 0;
        }
        int key = (int) KEY_AT.get(drawnKeys, nextKeyAt);
        nextKeyAt += Integer.BYTES;
        return key;
    }

    /**
     * Writes as much of the current frame as fits into {@code dst}.
     *
     * @param dst where the bytes go, from its position on
     * @return true when the frame is complete (or there was none), false when {@code dst} filled up first
     */
    public boolean encode(ByteBuffer dst) {
        if (payload == null) {
            return true;
        }
        if (!encodeHeaderRest(dst)) {
            return false;
        }
        if (masking) {
            maskPhase = Masker.mask(payload, dst, maskKey, maskPhase);
        } else {
            copy(payload, dst);
        }
        if (payload.hasRemaining()) {
            return false;
        }
        payload = null;
        return true;
    }

    /**
     * Writes what is left of the current frame's header into {@code dst} and hands over the rest of its payload
     * instead of copying it, for a caller that writes the payload from its own buffer right after the header (a
     * gathering write). Only unmasked frames go out this way: a client's payload is masked on its way into
     * {@code dst} by {@link #encode(ByteBuffer)}. Allocates the returned view, so suits large payloads.
     *
     * @param dst where the header goes, from its position on
     * @return the payload bytes still to be written, a view of the buffer given to {@link #begin} (whose
     *     position moves to its limit: the frame is done); {@code null} when the header did not fit (the part
     *     that did is written; call again with more room)
     * @throws IllegalStateException when no frame is in progress, or the frame is masked
     */
    public ByteBuffer encodeDetachingPayload(ByteBuffer dst) {
        if (payload == null || masking) {
            throw new IllegalStateException(payload == null ? "No frame in progress" : "A masked payload must be copied");
        }
        if (!encodeHeaderRest(dst)) {
            return null;
        }
        ByteBuffer rest = payload.slice();
        payload.position(payload.limit());
        payload = null;
        return rest;
    }

    private boolean encodeHeaderRest(ByteBuffer dst) {
        if (headerWritten < headerLength) {
            int count = Math.min(headerLength - headerWritten, dst.remaining());
            dst.put(header, headerWritten, count);
            headerWritten += count;
        }
        return headerWritten == headerLength;
    }

    /**
     * Tells whether frame payloads go out as they are (a server's frames), so that
     * {@link #encodeDetachingPayload} may hand them over.
     *
     * @return true when this encoder does not mask
     */
    public boolean isPayloadVerbatim() {
        return !masking;
    }

    /**
     * Encodes a whole frame when it fits in {@code dst}, and nothing otherwise.
     *
     * @param fin whether this is the final fragment of its message
     * @param rsv the reserved bits
     * @param opcode the opcode
     * @param payload the payload between position and limit, consumed when the frame is written
     * @param dst where the frame goes
     * @return true when the frame was written, false when {@code dst} lacked room (nothing written)
     * @throws IllegalStateException when a frame begun with {@link #begin} is unfinished
     * @throws IllegalArgumentException when a control frame is fragmented or longer than 125 bytes (§5.5)
     */
    public boolean encode(boolean fin, int rsv, Opcode opcode, ByteBuffer payload, ByteBuffer dst) {
        // misuse is reported whether or not dst has room, so that a retry loop cannot hide it
        checkCanBegin(fin, rsv, opcode, payload.remaining());
        int needed = FrameHeader.encodedLength(payload.remaining(), masking) + payload.remaining();
        if (dst.remaining() < needed) {
            return false;
        }
        begin(fin, rsv, opcode, payload);
        return encode(dst);
    }

    /**
     * Tells whether no frame is in progress.
     *
     * @return true when {@link #begin} may be called
     */
    public boolean isIdle() {
        return payload == null;
    }

    /**
     * Returns the number of bytes the current frame still has to write.
     *
     * @return header and payload bytes not yet written, 0 when idle
     */
    public long pendingBytes() {
        return payload == null ? 0 : (headerLength - headerWritten) + payload.remaining();
    }

    /**
     * Writes the header of a frame into {@code dst} (for transports that write the payload themselves, as a
     * gathering write).
     *
     * @param header the header; its mask key is used as given
     * @param dst where the header goes
     * @throws java.nio.BufferOverflowException when {@code dst} has fewer than
     *     {@link FrameHeader#encodedLength()} bytes left
     */
    public static void encodeHeader(FrameHeader header, ByteBuffer dst) {
        byte[] bytes = new byte[FrameHeader.MAX_LENGTH];
        int length = writeHeader(bytes, header.fin(), header.rsv(), header.opcode(), header.masked(),
            header.maskKey(), header.payloadLength());
        dst.put(bytes, 0, length);
    }

    private void checkCanBegin(boolean fin, int rsv, Opcode opcode, int length) {
        if (!isIdle()) {
            throw new IllegalStateException("Previous frame unfinished: " + payload.remaining() + " bytes left");
        }
        checkFrame(fin, rsv, opcode, length);
    }

    private static void checkFrame(boolean fin, int rsv, Opcode opcode, int length) {
        Objects.requireNonNull(opcode, "opcode");
        if ((rsv & ~FrameHeader.RSV_ALL) != 0) {
            throw new IllegalArgumentException("RSV bits out of range 0-7: " + rsv);
        }
        if (opcode.isControl() && !fin) {
            throw new IllegalArgumentException("Control frame must be final: " + opcode);
        }
        if (opcode.isControl() && length > FrameHeader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(
                "Control frame payload too long: " + length + " > " + FrameHeader.MAX_CONTROL_PAYLOAD);
        }
    }

    private static int writeHeader(byte[] out, boolean fin, int rsv, Opcode opcode, boolean masked, int maskKey,
                                   long length) {
        out[0] = (byte) ((fin ? 0b1000_0000 : 0) | (rsv << 4) | opcode.code());
        int maskBit = masked ? 0b1000_0000 : 0;
        int at;
        if (length <= 125) {
            out[1] = (byte) (maskBit | length);
            at = 2;
        } else if (length <= 0xFFFF) {
            out[1] = (byte) (maskBit | 126);
            putBigEndian(out, 2, length, 2);
            at = 4;
        } else {
            out[1] = (byte) (maskBit | 127);
            putBigEndian(out, 2, length, 8);
            at = 10;
        }
        if (masked) {
            putBigEndian(out, at, maskKey & 0xFFFF_FFFFL, 4);
            at += 4;
        }
        return at;
    }

    private static void putBigEndian(byte[] out, int at, long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            out[at + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static void copy(ByteBuffer src, ByteBuffer dst) {
        int count = Math.min(src.remaining(), dst.remaining());
        if (count == src.remaining()) {
            dst.put(src);
        } else {
            int limit = src.limit();
            src.limit(src.position() + count);
            dst.put(src);
            src.limit(limit);
        }
    }
}
