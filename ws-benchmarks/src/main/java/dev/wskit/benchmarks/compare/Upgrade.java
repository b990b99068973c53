package dev.wskit.benchmarks.compare;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load generator's side of the opening handshake (RFC 6455 §4.1), fixed text in and a minimal check of
 * what comes back: status 101, the accept key, and permessage-deflate when it was offered. Stateless.
 */
final class Upgrade {
    /** The key of RFC 6455 §1.3's example; the same key on every connection is fine for a benchmark. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final String DEFLATE_OFFER = "permessage-deflate; client_no_context_takeover";
    private static final int MAX_HEAD = 16 * 1024;

    private Upgrade() {
    }

    /**
     * Formats the upgrade request.
     *
     * @param path the request path
     * @param port the server's port, for the Host header
     * @param deflate whether to offer permessage-deflate without client context takeover (RFC 7692 §7.1.1.1)
     * @return the request's bytes
     */
    static byte[] request(String path, int port, boolean deflate) {
        String request = "GET " + path + " HTTP/1.1\r\n"
            + "Host: 127.0.0.1:" + port + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + (deflate ? "Sec-WebSocket-Extensions: " + DEFLATE_OFFER + "\r\n" : "")
            + "\r\n";
        return request.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the request over a blocking link and checks the response.
     *
     * @param link the connected link, blocking
     * @param path the request path
     * @param port the server's port
     * @param deflate whether permessage-deflate is offered and must be accepted
     * @throws IOException when the server refuses, answers wrongly or closes
     */
    static void perform(Link link, String path, int port, boolean deflate) throws IOException {
        link.write(ByteBuffer.wrap(request(path, port, deflate)));
        check(readHead(link), deflate);
    }

    /**
     * Checks the handshake response's head.
     *
     * @param head the response head, status line first
     * @param deflate whether permessage-deflate must have been accepted
     * @throws IOException when the status, accept key or extension is wrong
     */
    static void check(String head, boolean deflate) throws IOException {
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("Expected HTTP/1.1 101 but was " + head.lines().findFirst().orElse(""));
        }
        if (!head.contains(ACCEPT)) {
            throw new IOException("Expected Sec-WebSocket-Accept " + ACCEPT + " in " + head);
        }
        if (deflate && !head.toLowerCase(Locale.ROOT).contains("permessage-deflate")) {
            throw new IOException("Expected permessage-deflate to be accepted in " + head);
        }
    }

    private static String readHead(Link link) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HEAD + 32 * 1024);
        while (true) {
            if (link.read(buffer) < 0) {
                throw new EOFException("Connection closed before the handshake response ended");
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (end + 4 != text.length()) {
                    throw new IOException("Unexpected bytes after the handshake response: "
                        + (text.length() - end - 4));
                }
                return text;
            }
            if (buffer.position() > MAX_HEAD) {
                throw new IOException("Handshake response head too long: " + buffer.position());
            }
        }
    }
}
