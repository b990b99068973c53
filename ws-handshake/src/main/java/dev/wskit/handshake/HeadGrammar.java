package dev.wskit.handshake;

import java.nio.charset.StandardCharsets;

/**
 * The grammar of an HTTP/1.1 head's lines (RFC 9112 §3, §4, §5), applied to bytes that an
 * {@link HttpHeadParser} has already cut into lines. Each violation is a {@link Rejection} with the status a
 * server answers. Stateless and thread-safe.
 */
final class HeadGrammar {
    private static final byte CR = '\r';

    private HeadGrammar() {
    }

    /**
     * Reads a start line into a head.
     *
     * @param <H> the kind of head
     */
    @FunctionalInterface
    interface StartLineReader<H extends HttpHead> {
        /**
         * Reads the start line and joins it to the header fields.
         *
         * @param bytes the array holding the line
         * @param from the index of the line's first byte
         * @param to the index just after its last byte, CRLF excluded
         * @param headers the header fields, already parsed
         * @return the head
         * @throws Rejection when the line breaks the grammar
         */
        H read(byte[] bytes, int from, int to, HttpHeaders headers) throws Rejection;
    }

    /** A violation of the head's grammar or limits; cheap to throw, it carries no stack trace. */
    static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        private final int status;

        /**
         * Creates a rejection.
         *
         * @param status the status a server answers: 400, 414 or 431
         * @param reason what was wrong, naming the offending value
         */
        Rejection(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        /**
         * Returns the status a server answers.
         *
         * @return 400, 414 or 431
         */
        int status() {
            return status;
        }
    }

    /**
     * Reads a request line: method SP request-target SP HTTP-version (RFC 9112 §3).
     *
     * @param bytes the array holding the line
     * @param from the index of the line's first byte
     * @param to the index just after its last byte
     * @param headers the header fields
     * @return the request
     * @throws Rejection with 400 when the line is malformed
     */
    static HandshakeRequest request(byte[] bytes, int from, int to, HttpHeaders headers) throws Rejection {
        int space1 = ByteSearch.indexOf(bytes, from, to, (byte) ' ');
        int space2 = space1 < 0 ? -1 : ByteSearch.indexOf(bytes, space1 + 1, to, (byte) ' ');
        // RFC 9112 §3: the three parts are separated by single SP octets
        if (space2 < 0) {
            throw new Rejection(400, "Malformed request line: " + Tokens.quote(text(bytes, from, to)));
        }
        try {
            return new HandshakeRequest(text(bytes, from, space1), text(bytes, space1 + 1, space2),
                text(bytes, space2 + 1, to), headers);
        } catch (IllegalArgumentException e) {
            throw new Rejection(400, e.getMessage());
        }
    }

    /**
     * Reads a status line: HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4), also accepting
     * the line without the second SP that some servers send.
     *
     * @param bytes the array holding the line
     * @param from the index of the line's first byte
     * @param to the index just after its last byte
     * @param headers the header fields
     * @return the response
     * @throws Rejection with 400 when the line is malformed
     */
    static HandshakeResponse response(byte[] bytes, int from, int to, HttpHeaders headers) throws Rejection {
        int space = ByteSearch.indexOf(bytes, from, to, (byte) ' ');
        int statusEnd = space + 4;
        if (space < 0 || statusEnd > to || (statusEnd < to && bytes[statusEnd] != ' ')
            || !Tokens.isDigit(bytes[space + 1]) || !Tokens.isDigit(bytes[space + 2])
            || !Tokens.isDigit(bytes[space + 3])) {
            throw new Rejection(400, "Malformed status line: " + Tokens.quote(text(bytes, from, to)));
        }
        int status = Integer.parseInt(text(bytes, space + 1, statusEnd));
        String reason = statusEnd < to ? text(bytes, statusEnd + 1, to) : "";
        try {
            return new HandshakeResponse(text(bytes, from, space), status, reason, headers);
        } catch (IllegalArgumentException e) {
            throw new Rejection(400, e.getMessage());
        }
    }

    /**
     * Reads the header field lines, the start line being line 0.
     *
     * @param bytes the array holding the head
     * @param base the index of the head's offset 0 in the array
     * @param lineEnds the head offset of each line's LF
     * @param lineCount the number of lines, start line included
     * @param unfold whether obsolete line folding is replaced by SP (responses) rather than rejected
     * @return the header fields
     * @throws Rejection with 400 when a line is malformed
     */
    static HttpHeaders fields(byte[] bytes, int base, int[] lineEnds, int lineCount, boolean unfold)
        throws Rejection {
        String[] fields = new String[2 * (lineCount - 1)];
        int size = 0;
        for (int line = 1; line < lineCount; line++) {
            int from = base + lineEnds[line - 1] + 1;
            int to = contentEnd(bytes, base + lineEnds[line]);
            if (!Tokens.isOws(bytes[from])) {
                field(bytes, from, to, fields, size++);
            } else if (line == 1) {
                // RFC 9112 §2.2: whitespace between the start-line and the first field MUST be rejected or consumed
                throw new Rejection(400, "Whitespace before the first header field");
            } else if (!unfold) {
                // RFC 9112 §5.2: a server MUST reject obs-fold in a request (or replace it with SP)
                throw new Rejection(400, "Obsolete line folding in header " + fields[2 * size - 2]);
            } else {
                // RFC 9112 §5.2: a user agent MUST replace each obs-fold with SP before interpreting the value
                fields[2 * size - 1] = unfolded(fields[2 * size - 1], value(bytes, from, to, fields[2 * size - 2]));
            }
        }
        return new HttpHeaders(fields, size);
    }

    /**
     * Returns the end of a line's content: its LF, or the CR before it.
     *
     * @param bytes the array holding the line
     * @param lf the index of the line's LF
     * @return the index just after the content
     */
    static int contentEnd(byte[] bytes, int lf) {
        return bytes[lf - 1] == CR ? lf - 1 : lf;
    }

    private static void field(byte[] bytes, int from, int to, String[] fields, int index) throws Rejection {
        int colon = ByteSearch.indexOf(bytes, from, to, (byte) ':');
        // a known name is a token, so only the others need checking byte by byte
        String name = colon > from ? KnownStrings.NAMES.find(bytes, from, colon - from) : null;
        if (name == null) {
            if (colon <= from || !isToken(bytes, from, colon)) {
                throw nameRejection(bytes, from, to);
            }
            name = new String(bytes, from, colon - from, StandardCharsets.ISO_8859_1);
        }
        fields[2 * index] = name;
        fields[2 * index + 1] = value(bytes, colon + 1, to, name);
    }

    /** Explains why a field line does not start with a token and a colon. */
    private static Rejection nameRejection(byte[] bytes, int from, int to) {
        int colon = ByteSearch.indexOf(bytes, from, to, (byte) ':');
        if (colon < 0) {
            return new Rejection(400, "Header line without a colon: " + Tokens.quote(text(bytes, from, to)));
        }
        if (colon == from) {
            return new Rejection(400, "Empty header name");
        }
        int bad = from;
        while (Tokens.isTchar(bytes[bad])) {
            bad++;
        }
        String name = Tokens.quote(text(bytes, from, colon));
        // RFC 9112 §5.1: a server MUST reject whitespace between a field name and the colon with 400
        if (Tokens.isOws(bytes[bad])) {
            return new Rejection(400, "Whitespace between header name and colon: " + name);
        }
        return new Rejection(400, String.format("Invalid character 0x%02X in header name %s", bytes[bad] & 0xFF, name));
    }

    private static String value(byte[] bytes, int from, int to, String name) throws Rejection {
        while (from < to && Tokens.isOws(bytes[from])) {
            from++;
        }
        while (to > from && Tokens.isOws(bytes[to - 1])) {
            to--;
        }
        int invalid = ByteSearch.indexOfInvalidFieldChar(bytes, from, to);
        // RFC 9110 §5.5: a recipient MUST reject (or replace) NUL, and other controls break the grammar
        if (invalid >= 0) {
            throw new Rejection(400, String.format("Invalid character 0x%02X in value of header %s",
                bytes[invalid] & 0xFF, name));
        }
        return KnownStrings.VALUES.decode(bytes, from, to - from);
    }

    private static boolean isToken(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Tokens.isTchar(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static String unfolded(String value, String continuation) {
        if (value.isEmpty() || continuation.isEmpty()) {
            return value + continuation;
        }
        return value + ' ' + continuation;
    }

    private static String text(byte[] bytes, int from, int to) {
        return KnownStrings.VALUES.decode(bytes, from, to - from);
    }
}
