package dev.wskit.handshake;

import static dev.wskit.handshake.HeaderNames.CONNECTION;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_ACCEPT;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_EXTENSIONS;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_PROTOCOL;
import static dev.wskit.handshake.HeaderNames.UPGRADE;

import dev.wskit.codec.spi.Extension;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's side of one opening handshake (RFC 6455 §4.1): the request to send and the verification of
 * the server's answer.
 *
 * <p>{@link #start} builds the request from a {@code ws://} or {@code wss://} URI with a fresh key;
 * {@link #verify} checks the response head (parsed by {@link #newResponseParser()}) and returns what was
 * agreed, or throws a {@link HandshakeException} saying what was expected and what came. Nothing is written
 * here. Immutable and thread-safe.
 */
public final class ClientHandshake {
    private static final String WEBSOCKET = "websocket";

    private final URI uri;
    private final boolean secure;
    private final HandshakeRequest request;
    private final String expectedAccept;
    private final List<String> subprotocols;
    private final List<ExtensionNegotiator> offered;
    private final HeadLimits limits;

    private ClientHandshake(URI uri, TargetUri target, ClientHandshakeConfig config) {
        this.uri = uri;
        this.secure = target.secure();
        this.subprotocols = config.subprotocols();
        this.limits = config.limits();
        List<ExtensionNegotiator> offering = new ArrayList<>();
        List<ExtensionOffer> offers = new ArrayList<>();
        for (ExtensionNegotiator negotiator : config.extensions()) {
            List<ExtensionOffer> own = negotiator.offers();
            if (own.stream().anyMatch(offer -> !offer.isNamed(negotiator.name()))) {
                throw new IllegalStateException("Negotiator " + negotiator.name() + " offered " + own);
            }
            if (!own.isEmpty()) {
                offering.add(negotiator);
                offers.addAll(own);
            }
        }
        this.offered = List.copyOf(offering);
        // RFC 6455 §4.1: the nonce MUST be selected randomly for each connection
        String key = AcceptKey.generate(config.keys());
        this.expectedAccept = AcceptKey.derive(key);
        this.request = HandshakeRequest.get(target.target(), headers(target, config, key, offers));
    }

    /**
     * Starts a handshake with the default configuration.
     *
     * @param uri a {@code ws://} or {@code wss://} URI without a fragment
     * @return the handshake, its request ready
     * @throws IllegalArgumentException when the URI is not a WebSocket URI (§3)
     */
    public static ClientHandshake start(URI uri) {
        return start(uri, ClientHandshakeConfig.defaults());
    }

    /**
     * Starts a handshake: takes the URI apart, draws a key and builds the request.
     *
     * @param uri a {@code ws://} or {@code wss://} URI without a fragment
     * @param config what to ask for
     * @return the handshake, its request ready
     * @throws IllegalArgumentException when the URI is not a WebSocket URI (§3)
     */
    public static ClientHandshake start(URI uri, ClientHandshakeConfig config) {
        return new ClientHandshake(uri, TargetUri.of(uri), Objects.requireNonNull(config, "config"));
    }

    /**
     * The server accepted the handshake.
     *
     * @param response the 101 response
     * @param subprotocol the subprotocol the server selected, or empty when none
     * @param extensions the agreed extensions in the order of the response, which the caller now owns and
     *     closes
     */
    public record Accepted(HandshakeResponse response, Optional<String> subprotocol, List<Extension> extensions) {
        /** Checks and copies the parts. */
        public Accepted {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(subprotocol, "subprotocol");
            extensions = List.copyOf(extensions);
        }
    }

    /**
     * Returns the URI this handshake opens.
     *
     * @return the URI as given
     */
    public URI uri() {
        return uri;
    }

    /**
     * Tells whether the connection must use TLS.
     *
     * @return true for {@code wss}
     */
    public boolean isSecure() {
        return secure;
    }

    /**
     * Returns the request to send.
     *
     * @return the request head
     */
    public HandshakeRequest request() {
        return request;
    }

    /**
     * Encodes the request to send.
     *
     * @return a new buffer holding the request head
     */
    public ByteBuffer requestBytes() {
        return request.encode();
    }

    /**
     * Returns a parser for the response head, within the configured limits.
     *
     * @return a new parser
     */
    public HttpHeadParser<HandshakeResponse> newResponseParser() {
        return HttpHeadParser.forResponses(limits);
    }

    /**
     * Verifies the server's response (§4.1): status 101, {@code Upgrade: websocket}, {@code Connection}
     * with {@code Upgrade}, the exact {@code Sec-WebSocket-Accept}, a subprotocol that was requested (or
     * none), and extensions that were offered, each accepted by its negotiator.
     *
     * @param response the response head
     * @return what was agreed
     * @throws HandshakeException when the client MUST fail the connection; its status is the response's
     */
    public Accepted verify(HandshakeResponse response) throws HandshakeException {
        // RFC 6455 §4.1: any status other than 101 means the handshake has not completed
        if (response.status() != 101) {
            throw new HandshakeException(response, "Expected status 101 but was " + response.status() + ' '
                + response.reason());
        }
        HttpHeaders headers = response.headers();
        String upgrade = headers.combinedOrNull(UPGRADE);
        // RFC 6455 §4.1 item 2: Upgrade MUST be websocket, in any case
        if (upgrade == null || !upgrade.equalsIgnoreCase(WEBSOCKET)) {
            throw mismatch(response, "Upgrade: websocket", upgrade);
        }
        // RFC 6455 §4.1 item 3: Connection MUST include Upgrade, in any case
        if (!headers.containsToken(CONNECTION, UPGRADE)) {
            throw mismatch(response, "Connection: Upgrade", headers.combinedOrNull(CONNECTION));
        }
        String accept = headers.combinedOrNull(SEC_WEBSOCKET_ACCEPT);
        // RFC 6455 §4.1 item 4: the accept value MUST be the one derived from the key
        if (!expectedAccept.equals(accept)) {
            throw mismatch(response, "Sec-WebSocket-Accept: " + expectedAccept, accept);
        }
        Optional<String> subprotocol = verifySubprotocol(response);
        return new Accepted(response, subprotocol, verifyExtensions(response));
    }

    private Optional<String> verifySubprotocol(HandshakeResponse response) throws HandshakeException {
        String value = response.headers().combinedOrNull(SEC_WEBSOCKET_PROTOCOL);
        if (value == null) {
            return Optional.empty();
        }
        // RFC 6455 §4.1 item 6: a subprotocol that was not requested MUST fail the connection
        if (!Tokens.isToken(value) || !subprotocols.contains(value)) {
            String expected = subprotocols.isEmpty() ? "no Sec-WebSocket-Protocol"
                : "Sec-WebSocket-Protocol one of " + subprotocols;
            throw mismatch(response, expected, value);
        }
        return Optional.of(value);
    }

    private List<Extension> verifyExtensions(HandshakeResponse response) throws HandshakeException {
        String value = response.headers().combinedOrNull(SEC_WEBSOCKET_EXTENSIONS);
        if (value == null) {
            return List.of();
        }
        List<ExtensionOffer> answers;
        try {
            answers = ExtensionOffer.parse(value);
        } catch (IllegalArgumentException e) {
            throw new HandshakeException(response, e.getMessage());
        }
        try {
            return ExtensionNegotiation.accepted(offered, answers);
        } catch (HandshakeException e) {
            HandshakeException withResponse = new HandshakeException(response, e.getMessage());
            withResponse.initCause(e);
            throw withResponse;
        }
    }

    private static HandshakeException mismatch(HandshakeResponse response, String expected, String actual) {
        return new HandshakeException(response, "Expected " + expected + " but was "
            + (actual == null ? "absent" : Tokens.quote(actual)));
    }

    private static HttpHeaders headers(TargetUri target, ClientHandshakeConfig config, String key,
        List<ExtensionOffer> offers) {
        HttpHeaders.Builder headers = HttpHeaders.builder()
            .add(HeaderNames.HOST, target.host())
            .add(UPGRADE, WEBSOCKET)
            .add(CONNECTION, UPGRADE)
            .add(HeaderNames.SEC_WEBSOCKET_KEY, key)
            .add(HeaderNames.SEC_WEBSOCKET_VERSION, HeaderNames.VERSION_13);
        config.origin().ifPresent(origin -> headers.add(HeaderNames.ORIGIN, origin));
        if (!config.subprotocols().isEmpty()) {
            headers.add(SEC_WEBSOCKET_PROTOCOL, Subprotocols.format(config.subprotocols()));
        }
        if (!offers.isEmpty()) {
            headers.add(SEC_WEBSOCKET_EXTENSIONS, ExtensionOffer.format(offers));
        }
        return headers.addAll(config.headers()).build();
    }
}
