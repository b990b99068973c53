package dev.wskit.codec;

import java.nio.charset.StandardCharsets;

/**
 * The rule for the reason in a Close frame (RFC 6455 §5.5, §5.5.1): it follows the 2-byte status code in a
 * control payload of at most 125 bytes, so it takes at most 123 bytes of UTF-8. Stateless and thread-safe.
 */
public final class CloseReason {
    /** The most bytes of UTF-8 a close reason may take: 125 minus the 2-byte code. */
    public static final int MAX_BYTES = FrameHeader.MAX_CONTROL_PAYLOAD - 2;

    private CloseReason() {
    }

    /**
     * Checks that a reason fits in a Close frame.
     *
     * @param reason the reason
     * @return the reason
     * @throws IllegalArgumentException when it takes more than {@link #MAX_BYTES} bytes of UTF-8
     */
    public static String validate(String reason) {
        int length = utf8Length(reason);
        if (length > MAX_BYTES) {
            throw new IllegalArgumentException("Close reason too long: " + length + " > " + MAX_BYTES + " bytes");
        }
        return reason;
    }

    /**
     * Shortens a reason to fit in a Close frame, cutting between code points: for descriptions of failures,
     * which are not the peer's to choose.
     *
     * @param reason the reason
     * @return the reason, or its longest prefix of at most {@link #MAX_BYTES} bytes of whole UTF-8 sequences
     */
    public static String truncate(String reason) {
        if (utf8Length(reason) <= MAX_BYTES) {
            return reason;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        int end = MAX_BYTES;
        while ((bytes[end] & 0b1100_0000) == 0b1000_0000) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Counts the bytes {@code getBytes(UTF_8)} would give, without making them (a lone surrogate gives '?'). */
    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return length;
    }
}
