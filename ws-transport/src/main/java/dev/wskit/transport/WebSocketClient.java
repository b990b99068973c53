package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshake;
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
     * Connects to a {@code ws://} or {@code wss://} URI: resolves the host, connects (TCP, then TLS for
     * {@code wss://}) within {@link ClientConfig#connectTimeout()}, then performs the opening handshake within
     * the {@linkplain ConnectionSettings#handshakeTimeout() handshake timeout}.
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
        ClientHandshake handshake = ClientHandshake.start(uri, config.handshake());
        int port = uri.getPort() != -1 ? uri.getPort() : handshake.isSecure() ? 443 : 80;
        Transport.ClientTls tls = null;
        if (handshake.isSecure()) {
            tls = new Transport.ClientTls(tlsContext(), hostOf(uri), config.verifyHostname());
        }
        return new ConnectAttempt(config, resolver, handshake, hostOf(uri), port, tls, listener).start();
    }

    private SSLContext tlsContext() {
        if (config.tls() != null) {
            return config.tls();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context in this JDK", e);
        }
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
