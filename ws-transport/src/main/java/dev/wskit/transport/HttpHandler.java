package dev.wskit.transport;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Answers plain HTTP requests (no WebSocket upgrade) that reach a {@link WebSocketServer}: a page, a health
 * check. Without one the server answers 426 Upgrade Required (RFC 6455 §4.2.2). The connection closes after
 * the reply. Implementations must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Answers one request.
     *
     * @param request the request head
     * @return the reply
     */
    Reply handle(HandshakeRequest request);

    /**
     * An HTTP reply.
     *
     * @param status the status code
     * @param headers extra headers (Content-Length and Connection are added)
     * @param body the body bytes
     */
    record Reply(int status, HttpHeaders headers, byte[] body) {
        /** Checks the fields. */
        public Reply {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + status);
            }
        }

        /**
         * Creates a reply with a text body.
         *
         * @param status the status code
         * @param contentType the body's media type
         * @param body the body
         * @return the reply
         */
        public static Reply of(int status, String contentType, String body) {
            return new Reply(status, HttpHeaders.of("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
