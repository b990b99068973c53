package dev.wskit.handshake;

import java.nio.ByteBuffer;

/**
 * The head of an HTTP/1.1 message (RFC 9112 §2.1): a start line and header fields, without a body. The
 * opening handshake of RFC 6455 §4 is one request head and one response head. Immutable and thread-safe.
 */
public sealed interface HttpHead permits HandshakeRequest, HandshakeResponse {
    /**
     * Returns the protocol version of the start line (RFC 9112 §2.3).
     *
     * @return the version, such as {@code HTTP/1.1}
     */
    String version();

    /**
     * Returns the header fields.
     *
     * @return the header fields in order
     */
    HttpHeaders headers();

    /**
     * Encodes the head as it goes on the wire: the start line, the header fields and the blank line, each
     * line ended by CRLF (RFC 9112 §2.1).
     *
     * @return a new heap buffer from position 0 to the end of the head
     */
    ByteBuffer encode();
}
