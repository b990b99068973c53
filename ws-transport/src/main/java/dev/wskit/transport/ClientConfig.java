package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.transport.spi.Transport;
import java.net.CookieHandler;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link WebSocketClient} needs: the handshake's request settings (Origin, subprotocols,
 * extension offers, headers: RFC 6455 §4.1), the {@linkplain ConnectionSettings settings every connection
 * has} (engine limits and timeouts, the opening handshake's timeout, backpressure, the callback executor), the
 * connect timeout, TLS and the transport. Immutable and thread-safe.
 *
 * @param transport how bytes move
 * @param handshake what the opening handshake asks for
 * @param connection what bounds each connection: engine limits and timeouts, the opening handshake's timeout
 *     (how long the server may take to answer the upgrade request), backpressure, the callback executor
 * @param connectTimeout how long the connect may take: resolving the host name and the TCP connect together
 *     (through a proxy: the proxy's name, the connect to it and the {@code CONNECT} exchange); zero for no limit.
 *     It fails the connect with a {@link java.net.SocketTimeoutException} that names the stage
 * @param tlsHandshakeTimeout how long the TLS handshake of a {@code wss://} connect may take, from its start
 *     (through a proxy: inside the tunnel); zero for no limit. It fails the connect with a
 *     {@link dev.wskit.transport.spi.TlsHandshakeTimeoutException}. The opening handshake that follows has its
 *     own limit, {@link ConnectionSettings#handshakeTimeout()}
 * @param tls the TLS context for {@code wss://} (the JDK's default trust store unless set)
 * @param verifyHostname whether a {@code wss://} server's certificate must match the host (on by default)
 * @param maxRedirects how many redirects (301, 302, 303, 307, 308) a connect follows, 0 to follow none
 * @param insecureRedirects whether a redirect from {@code wss://} to {@code ws://} is followed (off by default)
 * @param cookies where the handshake's cookies come from and go (RFC 6265), or {@code null} for none
 * @param challenges answers a 401 refusal with credentials for one retry, or {@code null} for none
 * @param proxies chooses the HTTP proxy of each connect, or {@code null} to connect directly
 * @param proxyAuthorization the {@code Proxy-Authorization} value each {@code CONNECT} sends, or {@code null}
 * @param proxyChallenges answers a proxy's 407 with credentials for one retry, or {@code null} for none
 */
public record ClientConfig(
    Transport transport,
    ClientHandshakeConfig handshake,
    ConnectionSettings connection,
    Duration connectTimeout,
    Duration tlsHandshakeTimeout,
    SSLContext tls,
    boolean verifyHostname,
    int maxRedirects,
    boolean insecureRedirects,
    CookieHandler cookies,
    ChallengeHandler challenges,
    ProxySelector proxies,
    String proxyAuthorization,
    ProxyChallengeHandler proxyChallenges) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException when the transport, handshake, connection settings, connect timeout or TLS
     *     handshake timeout is missing
     * @throws IllegalArgumentException when the redirect limit or a timeout is negative, or a timeout does not
     *     fit in an {@code int} of milliseconds
     */
    public ClientConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(connection, "connection");
        requireMillis(connectTimeout, "connectTimeout");
        requireMillis(tlsHandshakeTimeout, "tlsHandshakeTimeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("Redirect limit is negative: " + maxRedirects);
        }
    }

    private static void requireMillis(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " is out of range: " + timeout);
        }
    }

    /**
     * Returns the defaults.
     *
     * @return the default configuration
     */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder with the defaults: the virtual-thread transport, {@link ConnectionSettings#defaults()}
     * (among them a 10 s opening handshake timeout), a 10 s connect timeout, the JDK's default TLS context,
     * hostname verification on, up to 5 redirects followed (never from {@code wss://} to {@code ws://}), no
     * cookies, no answer to a 401, no proxy, no answer to a proxy's 407.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private Transport transport = Transports.virtualThreads();
        private ClientHandshakeConfig handshake = ClientHandshakeConfig.defaults();
        private ConnectionSettings.Builder connection = ConnectionSettings.builder();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
        private SSLContext tls;
        private boolean verifyHostname = true;
        private int maxRedirects = 5;
        private boolean insecureRedirects;
        private CookieHandler cookies;
        private ChallengeHandler challenges;
        private ProxySelector proxies;
        private String proxyAuthorization;
        private ProxyChallengeHandler proxyChallenges;

        private Builder() {
        }

        /**
         * Sets the transport.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Sets the handshake's request settings.
         *
         * @param handshake Origin, subprotocols, extension offers, headers
         * @return this builder
         */
        public Builder handshake(ClientHandshakeConfig handshake) {
            this.handshake = handshake;
            return this;
        }

        /**
         * Sets every connection setting at once, replacing those set before.
         *
         * @param settings the settings, which a server's configuration may share
         * @return this builder
         */
        public Builder connection(ConnectionSettings settings) {
            this.connection = settings.toBuilder();
            return this;
        }

        /**
         * Changes some connection settings, keeping the others, as in
         * {@code connection(c -> c.engine(limits).handshakeTimeout(Duration.ofSeconds(5)))}.
         *
         * @param changes sets values on the builder of the settings so far
         * @return this builder
         */
        public Builder connection(Consumer<ConnectionSettings.Builder> changes) {
            changes.accept(connection);
            return this;
        }

        /**
         * Sets the connect timeout, which bounds resolving the host name and the TCP connect together (through a
         * proxy, the {@code CONNECT} exchange too), but not the TLS handshake, which has
         * {@linkplain #tlsHandshakeTimeout its own}.
         *
         * @param timeout the timeout, zero for no limit; 10 s by default
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the TLS handshake timeout of {@code wss://} connects, which starts when the TCP connect (or the
         * proxy's tunnel) is up and ends with the TLS handshake; the connect then fails with a
         * {@link dev.wskit.transport.spi.TlsHandshakeTimeoutException}.
         *
         * @param timeout the timeout, zero for no limit; 10 s by default
         * @return this builder
         */
        public Builder tlsHandshakeTimeout(Duration timeout) {
            this.tlsHandshakeTimeout = timeout;
            return this;
        }

        /**
         * Sets the TLS context used for {@code wss://}.
         *
         * @param context the context with the trust material
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /**
         * Turns hostname verification on or off (off only for development servers).
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Sets how many redirects (RFC 9110 §15.4: 301, 302, 303, 307, 308) a connect follows before it fails.
         * A redirect may switch from {@code ws://} to {@code wss://}; the {@code Authorization} header is not
         * sent on to another host or port; a redirect back to a URI already visited fails the connect.
         *
         * @param max the limit, 0 to follow none (the 3xx then fails the connect); 5 by default
         * @return this builder
         */
        public Builder maxRedirects(int max) {
            this.maxRedirects = max;
            return this;
        }

        /**
         * Allows redirects from {@code wss://} to {@code ws://}, which give up TLS (off by default: such a
         * redirect fails the connect).
         *
         * @param allow whether to follow them
         * @return this builder
         */
        public Builder insecureRedirects(boolean allow) {
            this.insecureRedirects = allow;
            return this;
        }

        /**
         * Sets where cookies come from and go: the handshake sends what it returns for the URI and stores the
         * {@code Set-Cookie} of every response, a redirect's and the 101's (RFC 6455 §4.1, RFC 6265).
         *
         * @param cookies such as a {@link java.net.CookieManager}, or {@code null} for none (the default)
         * @return this builder
         */
        public Builder cookies(CookieHandler cookies) {
            this.cookies = cookies;
            return this;
        }

        /**
         * Sets what answers a 401 refusal: a connect retries once with the {@code Authorization} it returns.
         *
         * @param challenges the handler, or {@code null} for none (the default: a 401 fails the connect)
         * @return this builder
         */
        public Builder challenges(ChallengeHandler challenges) {
            this.challenges = challenges;
            return this;
        }

        /**
         * Sets what chooses the proxy of each connect, asked with the URI as {@code http://} (for {@code ws://})
         * or {@code https://} (for {@code wss://}): {@link ProxySelector#getDefault()} follows the
         * {@code http.proxyHost}, {@code https.proxyHost} and {@code http.nonProxyHosts} system properties. The
         * connect goes through the first HTTP proxy it returns, by a {@code CONNECT} tunnel (RFC 9110 §9.3.6), or
         * directly when {@link java.net.Proxy#NO_PROXY} comes first. For {@code wss://}, TLS runs with the server
         * inside the tunnel: SNI and hostname verification name the server, not the proxy. A proxy that refuses
         * the tunnel fails the connect with a {@link ProxyException}.
         *
         * @param proxies the selector, or {@code null} to connect directly (the default)
         * @return this builder
         */
        public Builder proxy(ProxySelector proxies) {
            this.proxies = proxies;
            return this;
        }

        /**
         * Sends every connect through one HTTP proxy, as {@link #proxy(ProxySelector)} with
         * {@link ProxySelector#of} does.
         *
         * @param proxy the proxy's host (possibly unresolved) and port
         * @return this builder
         */
        public Builder proxy(InetSocketAddress proxy) {
            return proxy(ProxySelector.of(proxy));
        }

        /**
         * Sets Basic credentials (RFC 7617) that every {@code CONNECT} sends to the proxy.
         *
         * @param user the user id, without a colon
         * @param password the password
         * @return this builder
         * @throws IllegalArgumentException when the user id contains a colon
         */
        public Builder proxyCredentials(String user, String password) {
            this.proxyAuthorization = ChallengeHandler.basicAuthorization(user, password);
            return this;
        }

        /**
         * Sets what answers a proxy's 407 refusal of a {@code CONNECT} (RFC 9110 §15.5.8), for schemes other
         * than the Basic of {@link #proxyCredentials}: given the {@code Proxy-Authenticate} challenges
         * (RFC 9110 §11.7.1), it returns the {@code Proxy-Authorization} value (RFC 9110 §11.7.2) that a
         * connect retries with, once, over a new connection to the proxy. The value then replaces the Basic
         * credentials for that proxy for the rest of the connect (its redirects too). A second 407, or an empty
         * answer, fails the connect with the {@link ProxyException}.
         *
         * @param proxyChallenges the handler, or {@code null} for none (the default: a 407 fails the connect)
         * @return this builder
         */
        public Builder proxyChallenges(ProxyChallengeHandler proxyChallenges) {
            this.proxyChallenges = proxyChallenges;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public ClientConfig build() {
            return new ClientConfig(transport, handshake, connection.build(), connectTimeout, tlsHandshakeTimeout, tls,
                verifyHostname,
                maxRedirects, insecureRedirects, cookies, challenges, proxies, proxyAuthorization,
                proxyChallenges);
        }
    }
}
