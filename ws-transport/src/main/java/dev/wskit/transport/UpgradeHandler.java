package dev.wskit.transport;

import dev.wskit.handshake.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The application's say on an opening handshake, before the server answers 101 (RFC 6455 §4.2.2: "the server
 * MAY ... perform additional client authentication, for example, by returning a 401 status code with the
 * corresponding |WWW-Authenticate| header field"). It runs after the protocol's own checks, for requests to a
 * known endpoint, and either accepts (attaching attributes that the socket carries from {@code onOpen} on) or
 * refuses with a status of 400 to 599, its headers and a short body. The connection closes after a refusal.
 *
 * <p>It runs on the connection's I/O thread on every transport: it must be thread-safe and must not block for
 * long. One that throws refuses the request with 500 Internal Server Error.
 */
@FunctionalInterface
public interface UpgradeHandler {
    /** Accepts every request: the default. */
    UpgradeHandler ACCEPT_ALL = request -> Decision.accept();

    /**
     * Decides on one request.
     *
     * @param request the client's request
     * @return accept, with attributes, or refuse, with a status
     */
    Decision onUpgrade(UpgradeRequest request);

    /** What an {@link UpgradeHandler} decided. */
    sealed interface Decision permits Accept, Refuse {
        /**
         * Accepts the request.
         *
         * @return the decision
         */
        static Decision accept() {
            return new Accept(Map.of());
        }

        /**
         * Accepts the request, attaching values to the socket (its {@link WebSocket#attributes()}).
         *
         * @param attributes the values
         * @return the decision
         */
        static Decision accept(Map<String, ?> attributes) {
            return new Accept(Map.copyOf(attributes));
        }

        /**
         * Refuses the request with a text body.
         *
         * @param status the HTTP status, 400 to 599
         * @param body the body, as text
         * @return the decision
         */
        static Decision refuse(int status, String body) {
            return refuse(status, HttpHeaders.EMPTY, body);
        }

        /**
         * Refuses the request with headers (such as {@code WWW-Authenticate} for a 401) and a text body.
         *
         * @param status the HTTP status, 400 to 599
         * @param headers the extra header fields (Content-Type, Content-Length and Connection are added)
         * @param body the body, as text
         * @return the decision
         */
        static Decision refuse(int status, HttpHeaders headers, String body) {
            return new Refuse(status, headers, body);
        }
    }

    /**
     * The request is accepted.
     *
     * @param attributes values the socket carries
     */
    record Accept(Map<String, ?> attributes) implements Decision {
        /** Checks the fields. */
        public Accept {
            Objects.requireNonNull(attributes, "attributes");
        }
    }

    /**
     * The request is refused.
     *
     * @param status the HTTP status, 400 to 599
     * @param headers extra header fields
     * @param body the body, as text
     */
    record Refuse(int status, HttpHeaders headers, String body) implements Decision {
        /** Checks the fields. */
        public Refuse {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("A refusal needs a status of 400 to 599: " + status);
            }
        }

        /**
         * Returns the body's bytes.
         *
         * @return the body, UTF-8
         */
        public byte[] bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }
}
