package dev.wskit.handshake;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An HTTP request head (RFC 9112 §3), as a client sends it to open a WebSocket (RFC 6455 §4.1) and as a
 * server receives it (§4.2.1). Immutable and thread-safe.
 *
 * @param method the request method, a token such as {@code GET}
 * @param target the request-target, such as {@code /chat?room=1}: visible ASCII without spaces
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param headers the header fields
 */
public record HandshakeRequest(String method, String target, String version, HttpHeaders headers)
    implements HttpHead {

    /** The version every request built here carries. */
    static final String HTTP_1_1 = "HTTP/1.1";

    /**
     * Checks the start line's parts, so that the encoded head is well formed.
     *
     * @throws IllegalArgumentException when the method, target or version breaks RFC 9112 §3
     */
    public HandshakeRequest {
        Tokens.requireToken(method, "Method");
        Objects.requireNonNull(headers, "headers");
        requireTarget(Objects.requireNonNull(target, "target"));
        if (!Tokens.isHttpVersion(Objects.requireNonNull(version, "version"))) {
            throw new IllegalArgumentException("Malformed HTTP version: " + Tokens.quote(version));
        }
    }

    /**
     * Returns an HTTP/1.1 GET request, the only kind that opens a WebSocket (RFC 6455 §4.1).
     *
     * @param target the request-target, such as {@code /chat}
     * @param headers the header fields
     * @return the request
     * @throws IllegalArgumentException when the target is malformed
     */
    public static HandshakeRequest get(String target, HttpHeaders headers) {
        return new HandshakeRequest("GET", target, HTTP_1_1, headers);
    }

    @Override
    public ByteBuffer encode() {
        return HeadWriter.encode(method + ' ' + target + ' ' + version, headers, new byte[0]);
    }

    private static void requireTarget(String target) {
        if (target.isEmpty()) {
            throw new IllegalArgumentException("Empty request-target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                throw new IllegalArgumentException("Invalid character in request-target: " + Tokens.quote(target));
            }
        }
    }
}
