package dev.wskit.handshake;

import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a server accepts in an opening handshake (RFC 6455 §4.2): origins, subprotocols, extensions, the
 * application's own response headers, and the bounds on the request head. Safe by default: same-origin
 * only, no subprotocol, no extension, 8 KiB heads. Immutable and thread-safe when its functions are.
 *
 * @param originPolicy which origins may connect; others get 403 (§10.2)
 * @param subprotocols the subprotocols the server speaks, in its order of preference
 * @param subprotocolSelection whose preference picks among common subprotocols
 * @param extensions the extensions the server can run, each with a distinct name
 * @param responseHeaders the application's extra headers for an accepted request (cookies, the result of
 *     authentication); they may not replace the headers the handshake manages
 * @param limits the bounds on the request head
 */
public record ServerHandshakeConfig(
    OriginPolicy originPolicy,
    List<String> subprotocols,
    SubprotocolSelection subprotocolSelection,
    List<ExtensionNegotiator> extensions,
    Function<HandshakeRequest, HttpHeaders> responseHeaders,
    HeadLimits limits) {

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException when a subprotocol is not a token or repeats, or two extensions share
     *     a name
     */
    public ServerHandshakeConfig {
        Objects.requireNonNull(originPolicy, "originPolicy");
        Objects.requireNonNull(subprotocolSelection, "subprotocolSelection");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        Objects.requireNonNull(limits, "limits");
        subprotocols = Subprotocols.validate(subprotocols);
        extensions = requireDistinctNames(extensions);
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults
     */
    public static ServerHandshakeConfig defaults() {
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

    /**
     * Returns a parser for request heads within this configuration's limits.
     *
     * @return a new parser
     */
    public HttpHeadParser<HandshakeRequest> newRequestParser() {
        return HttpHeadParser.forRequests(limits);
    }

    /**
     * Checks that negotiators have distinct names.
     *
     * @param extensions the negotiators
     * @return an immutable copy
     * @throws IllegalArgumentException when a name is not a token or repeats
     */
    static List<ExtensionNegotiator> requireDistinctNames(List<ExtensionNegotiator> extensions) {
        Set<String> names = new HashSet<>();
        for (ExtensionNegotiator negotiator : extensions) {
            String name = Tokens.requireToken(negotiator.name(), "Extension name");
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("Two negotiators for extension " + name);
            }
        }
        return List.copyOf(extensions);
    }

    /** Builds a {@link ServerHandshakeConfig}. Not thread-safe. */
    public static final class Builder {
        private OriginPolicy originPolicy = OriginPolicy.sameOrigin();
        private List<String> subprotocols = List.of();
        private SubprotocolSelection subprotocolSelection = SubprotocolSelection.SERVER_PREFERENCE;
        private List<ExtensionNegotiator> extensions = List.of();
        private Function<HandshakeRequest, HttpHeaders> responseHeaders = request -> HttpHeaders.EMPTY;
        private HeadLimits limits = HeadLimits.DEFAULT;

        private Builder() {
        }

        /**
         * Sets which origins may connect.
         *
         * @param policy the policy; {@link OriginPolicy#sameOrigin()} by default
         * @return this builder
         */
        public Builder originPolicy(OriginPolicy policy) {
            this.originPolicy = policy;
            return this;
        }

        /**
         * Sets the subprotocols the server speaks.
         *
         * @param subprotocols tokens in order of preference; none by default
         * @return this builder
         */
        public Builder subprotocols(List<String> subprotocols) {
            this.subprotocols = subprotocols;
            return this;
        }

        /**
         * Sets the subprotocols the server speaks.
         *
         * @param subprotocols tokens in order of preference
         * @return this builder
         */
        public Builder subprotocols(String... subprotocols) {
            return subprotocols(Arrays.asList(subprotocols));
        }

        /**
         * Sets whose preference picks the subprotocol.
         *
         * @param selection the rule; the server's preference by default
         * @return this builder
         */
        public Builder subprotocolSelection(SubprotocolSelection selection) {
            this.subprotocolSelection = selection;
            return this;
        }

        /**
         * Sets the extensions the server can run.
         *
         * @param negotiators one per extension name; none by default
         * @return this builder
         */
        public Builder extensions(List<ExtensionNegotiator> negotiators) {
            this.extensions = negotiators;
            return this;
        }

        /**
         * Sets the extensions the server can run.
         *
         * @param negotiators one per extension name
         * @return this builder
         */
        public Builder extensions(ExtensionNegotiator... negotiators) {
            return extensions(Arrays.asList(negotiators));
        }

        /**
         * Sets the application's extra headers for accepted requests.
         *
         * @param headers computes the headers from the request; none by default
         * @return this builder
         */
        public Builder responseHeaders(Function<HandshakeRequest, HttpHeaders> headers) {
            this.responseHeaders = headers;
            return this;
        }

        /**
         * Sets the bounds on the request head.
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
        public ServerHandshakeConfig build() {
            return new ServerHandshakeConfig(originPolicy, subprotocols, subprotocolSelection, extensions,
                responseHeaders, limits);
        }
    }
}
