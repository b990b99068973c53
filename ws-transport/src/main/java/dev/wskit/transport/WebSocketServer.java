package dev.wskit.transport;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.transport.internal.Connection;
import dev.wskit.transport.internal.Connections;
import dev.wskit.transport.internal.ServerRegistry;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running WebSocket server (RFC 6455 §4.2): accepts connections on its transport, routes each upgrade
 * request to an endpoint, and stops gracefully. Thread-safe.
 */
public final class WebSocketServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketServer.class);

    private final ServerConfig config;
    private final ServerRegistry registry;
    private final MessageBudget inboundBudget;
    private final Transport.Binding binding;

    private WebSocketServer(ServerConfig config) throws IOException {
        this.config = config;
        this.registry = new ServerRegistry(config.maxConnections());
        this.inboundBudget = new MessageBudget(config.maxInboundMemory());
        this.binding = config.transport().bind(new InetSocketAddress(config.host(), config.port()), config.tls(),
            () -> Connections.server(config, registry, inboundBudget));
    }

    /**
     * Binds and starts a server.
     *
     * @param config the configuration
     * @return the running server
     * @throws IOException when the address cannot be bound (for example, the port is in use)
     */
    public static WebSocketServer start(ServerConfig config) throws IOException {
        WebSocketServer server = new WebSocketServer(config);
        LOG.debug("WebSocket server on {} ({} transport{})", server.address(), config.transport().name(),
            config.tls() == null ? "" : ", TLS");
        return server;
    }

    /**
     * Returns the bound address.
     *
     * @return the address, with the real port when 0 was configured
     */
    public InetSocketAddress address() {
        return binding.address();
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return address().getPort();
    }

    /**
     * Returns the bytes that messages in assembly hold now across all connections, counted against
     * {@link #inboundMemoryLimit()} (RFC 6455 §10.4). The metrics SPI ({@link ConnectionSettings#metrics()})
     * hears connections, not this server-wide figure: a gauge can poll it. Thread-safe and cheap (one volatile
     * read).
     *
     * @return the bytes held by partially assembled messages (buffers of fragmented or decompressed messages)
     */
    public long inboundMemoryUsed() {
        return inboundBudget.used();
    }

    /**
     * Returns the inbound memory budget: when a message's buffer would grow past it, that connection fails
     * with 1009 and the others go on.
     *
     * @return the limit, {@link ServerConfig#maxInboundMemory()}
     */
    public long inboundMemoryLimit() {
        return inboundBudget.limit();
    }

    /**
     * Returns the open connections (past the handshake, not closing).
     *
     * @return a snapshot
     */
    public List<WebSocket> connections() {
        return registry.connections().stream()
            .filter(connection -> connection.readyState() == ReadyState.OPEN)
            .map(WebSocket.class::cast)
            .toList();
    }

    /**
     * Sends one message to every open connection, encoding it once for all connections that send the same
     * bytes: plain, or compressed once per shared permessage-deflate setting; a connection whose compressor
     * keeps context compresses its own copy (see {@link PreparedMessage}).
     *
     * @param message the prepared message
     * @return completes when every connection has written it (failures of single connections are ignored)
     */
    public CompletableFuture<Void> broadcast(PreparedMessage message) {
        CompletableFuture<?>[] sends = connections().stream()
            .map(socket -> socket.send(message).exceptionally(failure -> null))
            .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(sends);
    }

    /**
     * Stops the server gracefully: stops accepting, sends every open connection 1001 Going Away, waits up to
     * the engine's close timeout for the close handshakes, then closes what is left.
     */
    public void stop() {
        stop(config.connection().engine().closeTimeout());
    }

    /**
     * Stops the server, waiting at most {@code timeout} for close handshakes.
     *
     * @param timeout the longest wait
     */
    public void stop(Duration timeout) {
        binding.close();
        List<Connection> connections = registry.connections();
        CompletableFuture<?>[] closing = connections.stream()
            .map(connection -> connection.close(CloseCode.GOING_AWAY, "Server stopping"))
            .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(closing).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("Close handshakes unfinished after {}: closing sockets", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.connections().forEach(Connection::abort);
    }

    @Override
    public void close() {
        stop();
    }
}
