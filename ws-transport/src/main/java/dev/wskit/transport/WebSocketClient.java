package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshake;
import dev.wskit.transport.internal.ClientConnection;
import dev.wskit.transport.spi.Transport;
import java.net.InetSocketAddress;
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

    private WebSocketClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a client.
     *
     * @param config the configuration
     * @return the client
     */
    public static WebSocketClient create(ClientConfig config) {
        return new WebSocketClient(config);
    }

    /**
     * Creates a client with the default configuration.
     *
     * @return the client
     */
    public static WebSocketClient create() {
        return new WebSocketClient(ClientConfig.defaults());
    }

    /**
     * Connects to a {@code ws://} or {@code wss://} URI.
     *
     * @param uri the URI, without a fragment
     * @param listener the connection's listener
     * @return completes with the open connection (after {@code onOpen} was queued), or fails: with a
     *     {@link dev.wskit.handshake.HandshakeException} carrying the status when the server refused the
     *     upgrade, or with the I/O error
     * @throws IllegalArgumentException when the URI is not a WebSocket URI
     */
    public CompletableFuture<WebSocket> connect(URI uri, WebSocket.Listener listener) {
        ClientHandshake handshake = ClientHandshake.start(uri, config.handshake());
        CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        ClientConnection connection = new ClientConnection(config, handshake, listener, opened);
        int port = uri.getPort() != -1 ? uri.getPort() : handshake.isSecure() ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        Transport.ClientTls tls = null;
        if (handshake.isSecure()) {
            tls = new Transport.ClientTls(tlsContext(), hostOf(uri), config.verifyHostname());
        }
        config.transport().connect(address, tls, (int) config.connectTimeout().toMillis(), connection)
            .whenComplete((ignored, failure) -> {
                if (failure != null) {
                    opened.completeExceptionally(failure);
                }
            });
        return opened;
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
