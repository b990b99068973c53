package dev.wskit.handshake;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An HTTP response head (RFC 9112 §4), as a server answers an opening handshake (RFC 6455 §4.2.2) and as a
 * client receives it (§4.1). Immutable and thread-safe.
 *
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param status the status code, 100 to 599 (RFC 9110 §15)
 * @param reason the reason phrase, possibly empty
 * @param headers the header fields
 */
public record HandshakeResponse(String version, int status, String reason, HttpHeaders headers)
    implements HttpHead {

    /**
     * Checks the status line's parts, so that the encoded head is well formed.
     *
     * @throws IllegalArgumentException when the version, status or reason breaks RFC 9112 §4
     */
    public HandshakeResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(reason, "reason");
        if (!Tokens.isHttpVersion(Objects.requireNonNull(version, "version"))) {
            throw new IllegalArgumentException("Malformed HTTP version: " + Tokens.quote(version));
        }
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Status code out of range 100-599: " + status);
        }
        for (int i = 0; i < reason.length(); i++) {
            if (!Tokens.isFieldChar(reason.charAt(i))) {
                throw new IllegalArgumentException("Invalid character in reason phrase: " + Tokens.quote(reason));
            }
        }
    }

    /**
     * Returns an HTTP/1.1 response with the usual reason phrase for its status.
     *
     * @param status the status code, 100 to 599
     * @param headers the header fields
     * @return the response
     * @throws IllegalArgumentException when the status is out of range
     */
    public static HandshakeResponse of(int status, HttpHeaders headers) {
        return new HandshakeResponse(HandshakeRequest.HTTP_1_1, status, ReasonPhrases.of(status), headers);
    }

    @Override
    public ByteBuffer encode() {
        return encode(new byte[0]);
    }

    /**
     * Encodes the head followed by a body.
     *
     * @param body the bytes after the head, which the headers must describe (such as by Content-Length)
     * @return a new heap buffer from position 0 to the end of the body
     */
    public ByteBuffer encode(byte[] body) {
        return HeadWriter.encode(version + ' ' + status + ' ' + reason, headers, body);
    }
}
