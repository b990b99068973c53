package dev.wskit.benchmarks.compare;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Jetty 12's WebSocket server through its Jetty API, as Jetty's documentation writes an echo server: a
 * {@link Server} with one {@link ServerConnector} (an {@link SslContextFactory.Server} holding the JDK's TLS
 * context for TLS targets), a {@link WebSocketUpgradeHandler} mapping {@code /echo} to an auto-demanding
 * listener that sends each message back and {@code /sink} to one that drops them. Jetty's defaults otherwise:
 * its thread pool, and permessage-deflate available from its extension registry, so it is negotiated exactly
 * when the client offers it (deflate targets). Messages up to 1 MiB, as for Netty. Thread-safe.
 */
final class JettyServer implements EchoServer {
    /** The settings the reports name. */
    static final String SETTINGS = "Jetty " + Server.getVersion() + ", Jetty WebSocket API, default thread pool, "
        + "permessage-deflate from the default extension registry";
    private static final long MAX_MESSAGE = 1 << 20;

    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts the server.
     *
     * @param tls the TLS context, or {@code null} for plain
     * @return the running server
     * @throws Exception when Jetty cannot start
     */
    static JettyServer start(SSLContext tls) throws Exception {
        Server server = new Server();
        ServerConnector connector = tls == null ? new ServerConnector(server)
            : new ServerConnector(server, sslFactory(tls));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(MAX_MESSAGE);
            container.setMaxBinaryMessageSize(MAX_MESSAGE);
            container.addMapping("/echo", (request, response, callback) -> new Echo());
            container.addMapping("/sink", (request, response, callback) -> new Sink());
        }));
        server.start();
        return new JettyServer(server, connector);
    }

    private static SslContextFactory.Server sslFactory(SSLContext tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setSslContext(tls);
        return factory;
    }

    @Override
    public int echoPort() {
        return connector.getLocalPort();
    }

    @Override
    public int sinkPort() {
        return echoPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }

    /** Sends each message back. Public because Jetty calls listeners through public method handles. */
    public static final class Echo implements Session.Listener.AutoDemanding {
        private Session session;

        /** Makes the listener for one connection. */
        public Echo() {
        }

        @Override
        public void onWebSocketOpen(Session opened) {
            session = opened;
        }

        @Override
        public void onWebSocketText(String text) {
            session.sendText(text, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer data, Callback callback) {
            // The buffer is Jetty's until the callback completes, which the send does once written.
            session.sendBinary(data, callback);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // A load generator closing with echoes in flight resets the connection; Jetty closes it, as for Netty.
        }
    }

    /** Drops each message. Public because Jetty calls listeners through public method handles. */
    public static final class Sink implements Session.Listener.AutoDemanding {
        /** Makes the listener for one connection. */
        public Sink() {
        }

        @Override
        public void onWebSocketBinary(ByteBuffer data, Callback callback) {
            callback.succeed();
        }
    }
}
