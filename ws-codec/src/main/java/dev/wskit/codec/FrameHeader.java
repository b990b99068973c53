package dev.wskit.codec;

import java.util.Objects;

/**
 * The fields of a frame header (RFC 6455 §5.2), as a value: for encoding single frames, for tests and for
 * logging. The decoder's hot path reports the same fields as primitives and creates no instance of this.
 * Immutable and thread-safe.
 *
 * @param fin whether this frame is the final fragment of its message
 * @param rsv the three reserved bits as a number: {@link #RSV1}, {@link #RSV2} and {@link #RSV3} combined
 * @param opcode the opcode
 * @param masked whether a masking key follows the length
 * @param maskKey the masking key, big-endian as on the wire; ignored when not masked
 * @param payloadLength the payload length in bytes, at most {@code 2^63 - 1}
 */
public record FrameHeader(boolean fin, int rsv, Opcode opcode, boolean masked, int maskKey, long payloadLength) {
    /** The largest header: 2 bytes, an 8-byte extended length and a 4-byte masking key. */
    public static final int MAX_LENGTH = 14;
    /** The largest payload of a control frame (§5.5). */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** RSV1 (§5.2) in the three-bit {@code rsv} number used throughout the codec: the first reserved bit. */
    public static final int RSV1 = 0b100;
    /** RSV2 (§5.2) in the three-bit {@code rsv} number: the second reserved bit. */
    public static final int RSV2 = 0b010;
    /** RSV3 (§5.2) in the three-bit {@code rsv} number: the third reserved bit. */
    public static final int RSV3 = 0b001;
    /** All three reserved bits (§5.2). */
    public static final int RSV_ALL = RSV1 | RSV2 | RSV3;

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException when rsv is outside 0–7, the length is negative, or a control frame
     *     is fragmented or longer than 125 bytes (§5.5)
     */
    public FrameHeader {
        Objects.requireNonNull(opcode, "opcode");
        if ((rsv & ~RSV_ALL) != 0) {
            throw new IllegalArgumentException("RSV bits out of range 0-7: " + rsv);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("Negative payload length: " + payloadLength);
        }
        if (opcode.isControl() && !fin) {
            throw new IllegalArgumentException("Control frame must be final: " + opcode);
        }
        if (opcode.isControl() && payloadLength > MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(
                "Control frame payload too long: " + payloadLength + " > " + MAX_CONTROL_PAYLOAD);
        }
    }

    /**
     * Returns the number of bytes this header takes on the wire.
     *
     * @return 2 to 14
     */
    public int encodedLength() {
        return encodedLength(payloadLength, masked);
    }

    /**
     * Returns the number of header bytes a frame with this payload length takes, using the shortest length
     * encoding as §5.2 requires.
     *
     * @param payloadLength the payload length
     * @param masked whether a masking key is present
     * @return 2 to 14
     */
    public static int encodedLength(long payloadLength, boolean masked) {
        int lengthBytes = payloadLength <= 125 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        return 2 + lengthBytes + (masked ? 4 : 0);
    }
}
