package dev.wskit.transport;

import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.spi.Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link WebSocketServer} needs: where to listen, the endpoints (a path and a listener factory
 * each), the handshake policy (Origin, subprotocols, extensions: RFC 6455 §4.2), the
 * {@linkplain ConnectionSettings settings every connection has} (engine limits and timeouts, the opening
 * handshake's timeout, backpressure, the callback executor), connection and memory limits, TLS and the
 * transport. Immutable and thread-safe.
 *
 * @param host the address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, 0 for any free one
 * @param transport how bytes move
 * @param endpoints listener factories by request path (without query)
 * @param httpHandler answers plain HTTP requests, or {@code null} for 426
 * @param upgradeHandler the application's say on each opening handshake, before the 101
 * @param handshake the opening handshake's policy
 * @param connection what bounds each connection: engine limits and timeouts, the opening handshake's timeout
 *     (how long a client may take to send its request), backpressure, the callback executor
 * @param maxConnections the most open connections; more are refused with 503
 * @param tls the TLS context for {@code wss://}, or {@code null} for plain
 * @param maxInboundMemory the most bytes that messages in assembly may hold across all connections (RFC 6455
 *     §10.4); a connection whose message would pass it fails with 1009. See
 *     {@link WebSocketServer#inboundMemoryUsed()}
 */
public record ServerConfig(
    String host,
    int port,
    Transport transport,
    Map<String, Supplier<WebSocket.Listener>> endpoints,
    HttpHandler httpHandler,
    UpgradeHandler upgradeHandler,
    ServerHandshakeConfig handshake,
    ConnectionSettings connection,
    int maxConnections,
    SSLContext tls,
    long maxInboundMemory) {

    /** The default share of the heap ({@link Runtime#maxMemory()}) for {@code maxInboundMemory}: a quarter. */
    public static final int DEFAULT_INBOUND_MEMORY_DIVISOR = 4;

    /**
     * Checks the values.
     *
     * @throws NullPointerException when the host, transport, upgrade handler, handshake policy or connection
     *     settings are missing
     * @throws IllegalArgumentException when a value is out of range or no endpoint is given
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(upgradeHandler, "upgradeHandler");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(connection, "connection");
        endpoints = Map.copyOf(endpoints);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port out of range: " + port);
        }
        if (endpoints.isEmpty() && httpHandler == null) {
            throw new IllegalArgumentException("A server needs at least one endpoint or an HTTP handler");
        }
        for (String path : endpoints.keySet()) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("Endpoint path must start with '/': " + path);
            }
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (maxInboundMemory < 0) {
            throw new IllegalArgumentException("Negative maxInboundMemory: " + maxInboundMemory);
        }
    }

    /**
     * Starts a builder with the defaults: 127.0.0.1, a free port, the virtual-thread transport,
     * {@link ConnectionSettings#defaults()} (among them a 10 s opening handshake timeout), 10,000 connections,
     * messages in assembly limited to a quarter of the heap in all.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerConfig}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Transport transport = Transports.virtualThreads();
        private final Map<String, Supplier<WebSocket.Listener>> endpoints = new LinkedHashMap<>();
        private HttpHandler httpHandler;
        private UpgradeHandler upgradeHandler = UpgradeHandler.ACCEPT_ALL;
        private ServerHandshakeConfig handshake = ServerHandshakeConfig.defaults();
        private ConnectionSettings.Builder connection = ConnectionSettings.builder();
        private int maxConnections = 10_000;
        private SSLContext tls;
        private long maxInboundMemory = Runtime.getRuntime().maxMemory() / DEFAULT_INBOUND_MEMORY_DIVISOR;

        private Builder() {
        }

        /**
         * Sets the address to bind.
         *
         * @param host a host name or literal address
         * @return this builder
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /**
         * Sets the port.
         *
         * @param port 0 for any free port
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Sets the transport.
         *
         * @param transport for example {@link Transports#blocking()}
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Adds an endpoint.
         *
         * @param path the request path, starting with '/'
         * @param listeners makes a listener for each connection
         * @return this builder
         */
        public Builder endpoint(String path, Supplier<WebSocket.Listener> listeners) {
            endpoints.put(path, Objects.requireNonNull(listeners, "listeners"));
            return this;
        }

        /**
         * Sets the handler of plain HTTP requests.
         *
         * @param handler the handler
         * @return this builder
         */
        public Builder httpHandler(HttpHandler handler) {
            this.httpHandler = handler;
            return this;
        }

        /**
         * Sets the application's say on each opening handshake: it may read the request's headers, query and
         * cookies, attach attributes to the socket, or refuse with a 4xx or 5xx status before the 101.
         *
         * @param handler the handler; {@link UpgradeHandler#ACCEPT_ALL} by default
         * @return this builder
         */
        public Builder upgradeHandler(UpgradeHandler handler) {
            this.upgradeHandler = handler;
            return this;
        }

        /**
         * Sets the handshake policy: Origin, subprotocols, extensions, response headers, head limits.
         *
         * @param handshake the policy
         * @return this builder
         */
        public Builder handshake(ServerHandshakeConfig handshake) {
            this.handshake = handshake;
            return this;
        }

        /**
         * Sets every connection setting at once, replacing those set before.
         *
         * @param settings the settings, which a client's configuration may share
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
         * Sets the connection limit.
         *
         * @param max the most open connections
         * @return this builder
         */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /**
         * Enables TLS.
         *
         * @param context the server's TLS context, or {@code null} for plain TCP
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /**
         * Sets the inbound memory budget: the most bytes that messages in assembly may hold across all of the
         * server's connections.
         *
         * @param bytes the limit; by default a quarter of the heap
         * @return this builder
         */
        public Builder maxInboundMemory(long bytes) {
            this.maxInboundMemory = bytes;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public ServerConfig build() {
            return new ServerConfig(host, port, transport, endpoints, httpHandler, upgradeHandler, handshake,
                connection.build(), maxConnections, tls, maxInboundMemory);
        }
    }
}
