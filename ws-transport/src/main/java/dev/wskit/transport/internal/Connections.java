package dev.wskit.transport.internal;

import dev.wskit.codec.Role;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;

/**
 * Makes the {@link Connection} of each side, each with its {@link HandshakePhase}: wskit's server (RFC 6455
 * §4.2), its client (§4.1), and a server hosted by an HTTP server that answered the handshake itself. Stateless.
 */
public final class Connections {
    private Connections() {
    }

    /**
     * Creates the server side of an accepted connection, which reads the client's request itself.
     *
     * @param config the server's configuration
     * @param registry the server's book of connections, which tracks this one until it closes
     * @param inboundBudget the server's budget for messages in assembly, shared by its connections
     * @return the connection
     */
    public static Connection server(ServerConfig config, ServerRegistry registry, MessageBudget inboundBudget) {
        return server(config, registry, inboundBudget, NanoClock.SYSTEM);
    }

    static Connection server(ServerConfig config, ServerRegistry registry, MessageBudget inboundBudget,
                             NanoClock clock) {
        Connection connection = new Connection(new ServerHandshakePhase(config, registry), Role.SERVER,
            config.connection(), inboundBudget, clock);
        registry.track(connection);
        return connection;
    }

    /**
     * Creates the client side of a connection about to be opened.
     *
     * @param config the client's configuration
     * @param handshake the opening handshake it performs
     * @return the connection
     */
    public static Connection client(ClientConfig config, ClientHandshakePhase handshake) {
        return client(config, handshake, NanoClock.SYSTEM);
    }

    static Connection client(ClientConfig config, ClientHandshakePhase handshake, NanoClock clock) {
        Connection connection = new Connection(handshake, Role.CLIENT, config.connection(), null, clock);
        connection.measure(config.connection().metrics(), handshake.tags(config.transport().name()));
        return connection;
    }

    /**
     * Creates the connection of a handshake that an HTTP server hosting wskit has already answered with 101.
     *
     * @param accept what the handshake agreed
     * @param endpoint the application's listener
     * @param settings what bounds the connection
     * @param tags the endpoint and host that its metrics are tagged with
     * @return the connection
     */
    public static Connection hosted(UpgradeDecision.Accept accept, WebSocket.Listener endpoint,
                                    ConnectionSettings settings, EndpointTags tags) {
        return hosted(accept, endpoint, settings, tags, NanoClock.SYSTEM);
    }

    static Connection hosted(UpgradeDecision.Accept accept, WebSocket.Listener endpoint, ConnectionSettings settings,
                             EndpointTags tags, NanoClock clock) {
        Connection connection = new Connection(new HostedHandshakePhase(accept, endpoint), Role.SERVER, settings,
            null, clock);
        connection.measure(settings.metrics(), tags);
        return connection;
    }
}
