package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.spi.Transport;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;

/**
 * Opens WebSocket connections (RFC 6455 §4.1) over a transport. One client serves many connections.
 * Thread-safe.
 */
public final class WebSocketClient {
    private final ClientConfig config;
    private final HostResolver resolver;

    private WebSocketClient(ClientConfig config, HostResolver resolver) {
        this.config = Objects.requireNonNull(config, "config");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Creates a client.
     *
     * @param config the configuration
     * @return the client
     */
    public static WebSocketClient create(ClientConfig config) {
        return new WebSocketClient(config, HostResolver.SYSTEM);
    }

    /**
     * Creates a client that resolves host names with a given resolver, for tests.
     *
     * @param config the configuration
     * @param resolver the resolver
     * @return the client
     */
    static WebSocketClient create(ClientConfig config, HostResolver resolver) {
        return new WebSocketClient(config, resolver);
    }

    /**
     * Creates a client with the default configuration.
     *
     * @return the client
     */
    public static WebSocketClient create() {
        return new WebSocketClient(ClientConfig.defaults(), HostResolver.SYSTEM);
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URI: resolves the host and connects (TCP) within
     * {@link ClientConfig#connectTimeout()}, performs the TLS handshake for {@code wss://} within
     * {@link ClientConfig#tlsHandshakeTimeout()}, then the opening handshake within the
     * {@linkplain ConnectionSettings#handshakeTimeout() handshake timeout}; each limit fails the connect with a
     * message of its own.
     *
     * <p>Until the connection opens, the listener hears nothing: a failed connect is reported by the returned
     * future alone. Cancelling the future aborts the connect at whatever stage it is (the host's resolution,
     * the TCP connect, the TLS handshake or the opening handshake) and closes the socket; no {@code onOpen}
     * follows. Once the server's 101 response has been accepted, {@code cancel} returns false and the future
     * completes with the open connection.
     *
     * @param uri the URI, without a fragment
     * @param listener the connection's listener
     * @return completes with the open connection (after {@code onOpen} was queued), or fails: with a
     *     {@link dev.wskit.handshake.HandshakeException} carrying the status when the server refused the
     *     upgrade, with a {@link java.net.SocketTimeoutException} naming the stage when the connect timeout
     *     passed (the host's resolution, or the connect to its address), or with the I/O error
     * @throws IllegalArgumentException when the URI is not a WebSocket URI
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocket.Listener listener) {
        return connect(uri, HttpHeaders.EMPTY, listener);
    }

    /**
     * Connects as {@link #connect(URI, WebSocket.Listener)} does, sending headers of this connect's own after
     * the configuration's, such as {@code Authorization: Bearer …}.
     *
     * <p>User information in the URI ({@code ws://user:password@host/}) is sent as Basic credentials
     * (RFC 7617) in place of any {@code Authorization} header, and not as part of the URI. Redirects are
     * followed up to {@link ClientConfig#maxRedirects()}; no {@code Authorization} goes to a host other than
     * the one it was given for. A 401 is answered once by {@link ClientConfig#challenges()}, if set. Cookies
     * come from and go to {@link ClientConfig#cookies()}, if set.
     *
     * @param uri the URI, without a fragment, possibly with user information
     * @param headers the extra request headers; they may not replace the headers the handshake manages
     * @param listener the connection's listener
     * @return completes with the open connection, whose {@link WebSocket#uri()} is the URI the last redirect
     *     named, or fails as {@link #connect(URI, WebSocket.Listener)} says; a refused redirect (a loop, one
     *     too many, from {@code wss://} to {@code ws://}) fails with a {@link dev.wskit.handshake.HandshakeException}
     *     carrying the 3xx status
     * @throws IllegalArgumentException when the URI is not a WebSocket URI or a header is one the handshake
     *     manages
     */
    public CompletableFuture<WebSocket> connect(URI uri, HttpHeaders headers, WebSocket.Listener listener) {
        return new ClientConnect(config, resolver, uri, headers, listener).start();
    }

    /**
     * The TLS settings of a connect, naming the URI's host for SNI and hostname verification.
     *
     * @return the settings, or {@code null} for {@code ws://}
     */
    static Transport.ClientTls tlsFor(ClientConfig config, ClientHandshake handshake, String host) {
        if (!handshake.isSecure()) {
            return null;
        }
        return new Transport.ClientTls(tlsContext(config), host, config.verifyHostname(),
            (int) config.tlsHandshakeTimeout().toMillis());
    }

    private static SSLContext tlsContext(ClientConfig config) {
        if (config.tls() != null) {
            return config.tls();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context in this JDK", e);
        }
    }

}
