package dev.wskit.handshake;

import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_EXTENSIONS;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_PROTOCOL;

import dev.wskit.codec.spi.Extension;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2): judges a client's request and answers it.
 *
 * <p>{@link #evaluate} validates the request (§4.2.1), applies the origin policy, selects a subprotocol,
 * negotiates extensions (§9.1) and returns the outcome as a value: {@link Accepted} with the 101 response to
 * send and what was agreed, or {@link Rejected} with the error response to send. Nothing is written here.
 * Stateless and thread-safe.
 */
public final class ServerHandshake {
    private static final String WEBSOCKET = "websocket";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final List<String> BODY_FRAMING = List.of("Content-Length", "Transfer-Encoding");

    private ServerHandshake() {
    }

    /**
     * The outcome of a handshake request.
     */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    /**
     * The request is accepted: send the response, then speak WebSocket with the agreed extensions.
     *
     * @param response the 101 response (§4.2.2 step 5)
     * @param subprotocol the selected subprotocol, or empty when none
     * @param extensions the agreed extensions in the order of the response, which the caller now owns and
     *     closes
     */
    public record Accepted(HandshakeResponse response, Optional<String> subprotocol, List<Extension> extensions)
        implements Outcome {
        /** Checks and copies the parts. */
        public Accepted {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(subprotocol, "subprotocol");
            extensions = List.copyOf(extensions);
        }

        /**
         * Encodes the response.
         *
         * @return a new buffer holding the response head
         */
        public ByteBuffer responseBytes() {
            return response.encode();
        }
    }

    /**
     * The request is refused: send the response and close the connection.
     *
     * @param status the HTTP status: 400, 403, 405, 414, 426, 431, or the application's own (a redirect,
     *     401)
     * @param headers headers for the response, such as {@code Sec-WebSocket-Version: 13} with 426
     * @param body a short plain-text explanation
     */
    public record Rejected(int status, HttpHeaders headers, String body) implements Outcome {
        /**
         * Checks the parts.
         *
         * @throws IllegalArgumentException when the status is not 300 to 599, or the headers frame a body
         *     themselves (Content-Length, Transfer-Encoding)
         */
        public Rejected {
            if (status < 300 || status > 599) {
                throw new IllegalArgumentException("Rejection status out of range 300-599: " + status);
            }
            HeaderNames.requireUnmanaged(Objects.requireNonNull(headers, "headers"), BODY_FRAMING);
            Objects.requireNonNull(body, "body");
        }

        /**
         * Returns a rejection without headers of its own.
         *
         * @param status the HTTP status, 300 to 599
         * @param body a short plain-text explanation
         * @return the rejection
         */
        public static Rejected of(int status, String body) {
            return new Rejected(status, HttpHeaders.EMPTY, body);
        }

        /**
         * Returns the response head: the status, the headers, the body's length, its type unless the headers
         * name one, and {@code Connection: close} unless the headers already have a Connection.
         *
         * @return the head
         */
        public HandshakeResponse response() {
            HttpHeaders.Builder all = headers.toBuilder();
            if (!headers.contains(CONTENT_TYPE)) {
                all.add(CONTENT_TYPE, "text/plain; charset=utf-8");
            }
            all.add(BODY_FRAMING.get(0), Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            if (!headers.contains(HeaderNames.CONNECTION)) {
                all.add(HeaderNames.CONNECTION, "close");
            }
            return HandshakeResponse.of(status, all.build());
        }

        /**
         * Encodes the response head and body.
         *
         * @return a new buffer holding the whole response
         */
        public ByteBuffer responseBytes() {
            return response().encode(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Judges a request and builds the answer.
     *
     * @param request the client's request, as parsed by {@link HttpHeadParser#forRequests()}
     * @param policy what the server accepts
     * @return accepted, or rejected with the status to answer
     * @throws IllegalArgumentException when the policy's response headers set a header that the handshake
     *     manages
     */
    public static Outcome evaluate(HandshakeRequest request, ServerHandshakeConfig policy) {
        RequestFields fields = new RequestFields(request.headers());
        Rejected invalid = RequestValidator.validate(request, fields, policy.originPolicy());
        if (invalid != null) {
            return invalid;
        }
        List<String> offered;
        List<ExtensionOffer> offers;
        try {
            // RFC 6455 §4.2.2, §9.1: what the server cannot choose from is ignored, so a header is read only
            // when there is something to select or negotiate
            offered = parseIfUseful(fields.combinedOrNull(SEC_WEBSOCKET_PROTOCOL), policy.subprotocols(),
                Subprotocols::parse);
            offers = parseIfUseful(fields.combinedOrNull(SEC_WEBSOCKET_EXTENSIONS), policy.extensions(),
                ExtensionOffer::parse);
        } catch (IllegalArgumentException e) {
            return Rejected.of(400, e.getMessage());
        }
        String subprotocol = policy.subprotocolSelection().select(policy.subprotocols(), offered);
        return accept(request, fields.firstOrNull(HeaderNames.SEC_WEBSOCKET_KEY), policy, subprotocol, offers);
    }

    private static <T> List<T> parseIfUseful(String value, List<?> supported, Function<String, List<T>> parser) {
        return value == null || supported.isEmpty() ? List.of() : parser.apply(value);
    }

    /** Negotiates the extensions and builds the 101 response, once nothing can reject the request. */
    private static Accepted accept(HandshakeRequest request, String key, ServerHandshakeConfig policy,
        String subprotocol, List<ExtensionOffer> offers) {
        HttpHeaders extra = HeaderNames.requireUnmanaged(
            Objects.requireNonNull(policy.responseHeaders().apply(request), "responseHeaders"),
            HeaderNames.SERVER_MANAGED);
        List<Agreement> agreements = ExtensionNegotiation.negotiate(policy.extensions(), offers);
        HandshakeResponse response = switchingProtocols(key, subprotocol, agreements, extra);
        List<Extension> extensions = new ArrayList<>(agreements.size());
        agreements.forEach(agreement -> extensions.add(agreement.extension()));
        return new Accepted(response, Optional.ofNullable(subprotocol), extensions);
    }

    /** Builds the 101 response of §4.2.2 step 5 from values that are already valid. */
    private static HandshakeResponse switchingProtocols(String key, String subprotocol, List<Agreement> agreements,
        HttpHeaders extra) {
        String[] fields = new String[2 * (3 + 2 + extra.size())];
        int size = 0;
        size = put(fields, size, HeaderNames.UPGRADE, WEBSOCKET);
        size = put(fields, size, HeaderNames.CONNECTION, HeaderNames.UPGRADE);
        // RFC 6455 §4.2.2 step 5.4: the accept value proves the server read this key
        size = put(fields, size, HeaderNames.SEC_WEBSOCKET_ACCEPT, AcceptKey.derive(key));
        if (subprotocol != null) {
            size = put(fields, size, SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        if (!agreements.isEmpty()) {
            List<ExtensionOffer> answers = new ArrayList<>(agreements.size());
            agreements.forEach(agreement -> answers.add(agreement.response()));
            size = put(fields, size, SEC_WEBSOCKET_EXTENSIONS, ExtensionOffer.format(answers));
        }
        for (int i = 0; i < extra.size(); i++) {
            size = put(fields, size, extra.name(i), extra.value(i));
        }
        return new HandshakeResponse(HandshakeRequest.HTTP_1_1, 101, "Switching Protocols",
            new HttpHeaders(fields, size));
    }

    private static int put(String[] fields, int size, String name, String value) {
        fields[2 * size] = name;
        fields[2 * size + 1] = value;
        return size + 1;
    }
}
