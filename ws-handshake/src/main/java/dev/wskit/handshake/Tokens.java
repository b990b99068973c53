package dev.wskit.handshake;

/**
 * The character classes of HTTP (RFC 9110 §5.6.2 token, §5.5 field values) and the comma-separated lists
 * of §5.6.1, checked without allocating. Stateless and thread-safe.
 */
final class Tokens {
    /** tchar in the first 64 code points: "!" "#" "$" "%" "&" "'" "*" "+" "-" "." and DIGIT. */
    private static final long TCHAR_LOW =
        0b0000_0011_1111_1111_0110_1100_1111_1010_0000_0000_0000_0000_0000_0000_0000_0000L;
    /** tchar in 64-127: ALPHA, "^" "_" "`" "|" "~". */
    private static final long TCHAR_HIGH =
        0b0101_0111_1111_1111_1111_1111_1111_1111_1100_0111_1111_1111_1111_1111_1111_1110L;
    private static final int TCHAR = 0b01;
    private static final int FIELD = 0b10;
    /** The classes of each byte value, {@link #TCHAR} and {@link #FIELD} bits, for one load per byte. */
    private static final byte[] BYTE_CLASSES = byteClasses();

    private Tokens() {
    }

    /**
     * Tells whether a received byte may appear in a token (RFC 9110 §5.6.2).
     *
     * @param b the byte
     * @return true for tchar
     */
    static boolean isTchar(byte b) {
        return (BYTE_CLASSES[b & 0xFF] & TCHAR) != 0;
    }

    /**
     * Tells whether a received byte may appear in a field value (RFC 9110 §5.5).
     *
     * @param b the byte
     * @return true for HTAB, SP, VCHAR and obs-text
     */
    static boolean isFieldChar(byte b) {
        return (BYTE_CLASSES[b & 0xFF] & FIELD) != 0;
    }

    /**
     * Tells whether a character may appear in a token (RFC 9110 §5.6.2).
     *
     * @param c the character or unsigned byte
     * @return true for tchar
     */
    static boolean isTchar(int c) {
        if (c < 64) {
            return c >= 0 && (TCHAR_LOW >>> c & 1) != 0;
        }
        return c < 128 && (TCHAR_HIGH >>> (c - 64) & 1) != 0;
    }

    /**
     * Tells whether a string is a non-empty token.
     *
     * @param s the string
     * @return true when every character is a tchar
     */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that a string is a token.
     *
     * @param s the string
     * @param what what the string is, for the message
     * @return the string
     * @throws IllegalArgumentException when it is not a token
     */
    static String requireToken(String s, String what) {
        if (s == null || !isToken(s)) {
            throw new IllegalArgumentException(what + " is not a token (RFC 9110 §5.6.2): " + quote(s));
        }
        return s;
    }

    /**
     * Tells whether a character may appear in a field value (RFC 9110 §5.5): HTAB, SP, VCHAR, obs-text.
     *
     * @param c the character or unsigned byte
     * @return true when allowed
     */
    static boolean isFieldChar(int c) {
        return c == '\t' || (c >= ' ' && c != 0x7F && c <= 0xFF);
    }

    /**
     * Tells whether a character is optional whitespace (RFC 9110 §5.6.3).
     *
     * @param c the character or unsigned byte
     * @return true for SP and HTAB
     */
    static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Tells whether a comma-separated list holds an element equal to a token, ignoring ASCII case and the
     * whitespace around elements (RFC 9110 §5.6.1), as for {@code Connection: keep-alive, Upgrade}.
     *
     * @param list the field value
     * @param token the token to look for
     * @return true when one element matches
     */
    static boolean listContains(String list, String token) {
        int length = list.length();
        int start = 0;
        while (start <= length) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            int from = start;
            int to = end;
            while (from < to && isOws(list.charAt(from))) {
                from++;
            }
            while (to > from && isOws(list.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && list.regionMatches(true, from, token, 0, to - from)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /**
     * Tells whether a string is an HTTP version as RFC 9112 §2.3 writes it: {@code HTTP/} DIGIT "." DIGIT.
     *
     * @param version the string
     * @return true when well formed
     */
    static boolean isHttpVersion(String version) {
        return version.length() == 8 && version.startsWith("HTTP/") && isDigit(version.charAt(5))
            && version.charAt(6) == '.' && isDigit(version.charAt(7));
    }

    /**
     * Tells whether a well-formed HTTP version is 1.1 or later.
     *
     * @param version the version, such as {@code HTTP/1.1}
     * @return true for 1.1, 1.2, 2.0 and so on
     */
    static boolean isHttp11OrLater(String version) {
        char major = version.charAt(5);
        return major > '1' || (major == '1' && version.charAt(7) >= '1');
    }

    /**
     * Tells whether a character is an ASCII digit.
     *
     * @param c the character or unsigned byte
     * @return true for 0 to 9
     */
    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] byteClasses() {
        byte[] classes = new byte[256];
        for (int c = 0; c < classes.length; c++) {
            classes[c] = (byte) ((isTchar(c) ? TCHAR : 0) | (isFieldChar(c) ? FIELD : 0));
        }
        return classes;
    }

    /**
     * Quotes a value for an error message, showing control characters as escapes.
     *
     * @param s the value, possibly {@code null}
     * @return the value between single quotes, or {@code null}
     */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == 0x7F) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append(s.length() > 200 ? "...'" : "'").toString();
    }
}
