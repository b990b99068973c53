package dev.wskit.benchmarks.compare;

import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A wskit echo server on one transport, written the way a user would: a {@link WebSocketServer} with an
 * {@code /echo} endpoint that sends each message back and a {@code /sink} endpoint that ignores them, the
 * defaults otherwise (permessage-deflate's too, for deflate targets). Thread-safe.
 */
final class WskitServer implements EchoServer {
    private final WebSocketServer server;

    private WskitServer(WebSocketServer server) {
        this.server = server;
    }

    /**
     * Starts the server.
     *
     * @param target the wskit target, naming the transport
     * @param tls the TLS context, or {@code null} for plain
     * @return the running server
     * @throws IOException when it cannot bind
     */
    static WskitServer start(Target target, SSLContext tls) throws IOException {
        ServerConfig.Builder config = ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .transport(Transports.byName(target.transport()))
            .endpoint("/echo", () -> EchoListener.INSTANCE)
            .endpoint("/sink", () -> new WebSocket.Listener() { })
            .maxConnections(1_000_000)
            .tls(tls);
        if (target.deflate()) {
            config.handshake(ServerHandshakeConfig.builder().extensions(PerMessageDeflate.withDefaults()).build());
        }
        return new WskitServer(WebSocketServer.start(config.build()));
    }

    @Override
    public int echoPort() {
        return server.port();
    }

    @Override
    public int sinkPort() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(1));
    }
}
