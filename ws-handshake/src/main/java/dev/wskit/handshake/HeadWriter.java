package dev.wskit.handshake;

import java.nio.ByteBuffer;

/**
 * Writes an HTTP/1.1 head (RFC 9112 §2.1) and an optional body into one buffer, each character as one byte
 * (header values are checked to be ISO-8859-1 by {@link HttpHeaders}). Stateless and thread-safe.
 */
final class HeadWriter {
    private HeadWriter() {
    }

    /**
     * Encodes a start line, header fields, the blank line and a body.
     *
     * @param startLine the start line without its CRLF
     * @param headers the header fields
     * @param body the bytes after the head, often empty
     * @return a new heap buffer from position 0 to the end of the body
     */
    static ByteBuffer encode(String startLine, HttpHeaders headers, byte[] body) {
        int length = startLine.length() + 4 + body.length;
        for (int i = 0; i < headers.size(); i++) {
            length += headers.name(i).length() + headers.value(i).length() + 4;
        }
        byte[] out = new byte[length];
        int at = putLine(out, 0, startLine);
        for (int i = 0; i < headers.size(); i++) {
            at = put(out, at, headers.name(i));
            out[at++] = ':';
            out[at++] = ' ';
            at = putLine(out, at, headers.value(i));
        }
        out[at++] = '\r';
        out[at++] = '\n';
        System.arraycopy(body, 0, out, at, body.length);
        return ByteBuffer.wrap(out);
    }

    private static int putLine(byte[] out, int at, String line) {
        int end = put(out, at, line);
        out[end] = '\r';
        out[end + 1] = '\n';
        return end + 2;
    }

    private static int put(byte[] out, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            out[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }
}
