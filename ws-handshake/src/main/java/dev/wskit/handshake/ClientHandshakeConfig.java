package dev.wskit.handshake;

import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a client asks for in its opening handshakes (RFC 6455 §4.1): origin, subprotocols, extension offers,
 * its own headers (authorization, cookies), where keys come from, and the bounds on the response head.
 * Shared by connections; each {@link ClientHandshake} draws a fresh key. Immutable and thread-safe when its
 * random generator is.
 *
 * @param origin the {@code Origin} to send, as a browser would; empty to send none
 * @param subprotocols the subprotocols to request, in order of preference
 * @param extensions the extensions to offer, in order of preference, each with a distinct name
 * @param headers extra request headers; they may not replace the headers the handshake manages
 * @param keys where {@code Sec-WebSocket-Key} nonces come from; it must be unpredictable (§10.3)
 * @param limits the bounds on the response head
 */
public record ClientHandshakeConfig(
    Optional<String> origin,
    List<String> subprotocols,
    List<ExtensionNegotiator> extensions,
    HttpHeaders headers,
    RandomGenerator keys,
    HeadLimits limits) {

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException when the origin is not a valid header value, a subprotocol is not a
     *     token or repeats, two extensions share a name, or a header is one the handshake manages
     */
    public ClientHandshakeConfig {
        Objects.requireNonNull(origin, "origin");
        origin.ifPresent(value -> HttpHeaders.of(HeaderNames.ORIGIN, value));
        subprotocols = Subprotocols.validate(subprotocols);
        extensions = ServerHandshakeConfig.requireDistinctNames(extensions);
        HeaderNames.requireUnmanaged(Objects.requireNonNull(headers, "headers"), HeaderNames.CLIENT_MANAGED);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Returns the default configuration: no origin, subprotocol, extension or extra header, keys from a
     * {@link SecureRandom}.
     *
     * @return the defaults
     */
    public static ClientHandshakeConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ClientHandshakeConfig}. Not thread-safe. */
    public static final class Builder {
        private String origin;
        private List<String> subprotocols = List.of();
        private List<ExtensionNegotiator> extensions = List.of();
        private HttpHeaders headers = HttpHeaders.EMPTY;
        private RandomGenerator keys;
        private HeadLimits limits = HeadLimits.DEFAULT;

        private Builder() {
        }

        /**
         * Sets the origin to send.
         *
         * @param origin a serialized origin such as {@code https://example.com}, or {@code null} for none
         * @return this builder
         */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /**
         * Sets the subprotocols to request.
         *
         * @param subprotocols distinct tokens in order of preference
         * @return this builder
         */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = subprotocols;
            return this;
        }

        /**
         * Sets the subprotocols to request.
         *
         * @param subprotocols distinct tokens in order of preference
         * @return this builder
         */
        public Builder subprotocols(String... subprotocols) {
            return subprotocols(Arrays.asList(subprotocols));
        }

        /**
         * Sets the extensions to offer.
         *
         * @param negotiators one per extension name, in order of preference
         * @return this builder
         */
        public Builder extensions(List<ExtensionNegotiator> negotiators) {
            this.extensions = negotiators;
            return this;
        }

        /**
         * Sets the extensions to offer.
         *
         * @param negotiators one per extension name, in order of preference
         * @return this builder
         */
        public Builder extensions(ExtensionNegotiator... negotiators) {
            return extensions(Arrays.asList(negotiators));
        }

        /**
         * Sets the extra request headers.
         *
         * @param headers such as {@code Authorization} or {@code Cookie}
         * @return this builder
         */
        public Builder headers(HttpHeaders headers) {
            this.headers = headers;
            return this;
        }

        /**
         * Sets where keys come from.
         *
         * @param keys an unpredictable generator; a new {@link SecureRandom} by default
         * @return this builder
         */
        public Builder keys(RandomGenerator keys) {
            this.keys = keys;
            return this;
        }

        /**
         * Sets the bounds on the response head.
         *
         * @param limits the bounds; {@link HeadLimits#DEFAULT} by default
         * @return this builder
         */
        public Builder limits(HeadLimits limits) {
            this.limits = limits;
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is invalid
         */
        public ClientHandshakeConfig build() {
            return new ClientHandshakeConfig(Optional.ofNullable(origin), subprotocols, extensions, headers,
                keys == null ? new SecureRandom() : keys, limits);
        }
    }
}
