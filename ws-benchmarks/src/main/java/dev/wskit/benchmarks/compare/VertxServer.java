package dev.wskit.benchmarks.compare;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.util.Version;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Vert.x's WebSocket server, as its documentation scales an echo server: one verticle instance with its own
 * {@link HttpServer} per event loop, all on the same port (Vert.x spreads the connections over them), each with a WebSocket handler that writes
 * every text or binary message back on {@code /echo} and drops them on {@code /sink}. One event loop per core,
 * as for Netty. Vert.x's defaults otherwise; permessage-deflate is offered for deflate targets only, at
 * Vert.x's default level with context takeover. TLS targets hand the JDK's TLS context to Vert.x's engine.
 * Messages up to 1 MiB. Thread-safe.
 */
final class VertxServer implements EchoServer {
    /** The settings the reports name. */
    static final String SETTINGS = "Vert.x " + version() + " on Netty " + Version.identify().get("netty-common")
        .artifactVersion() + ", one HttpServer verticle per event loop, permessage-deflate level "
        + HttpServerOptions.DEFAULT_WEBSOCKET_COMPRESSION_LEVEL + " with context takeover";
    private static final int MAX_MESSAGE = 1 << 20;

    private final Vertx vertx;
    private final int port;

    private VertxServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /**
     * Starts the server.
     *
     * @param threads the number of event loops (and servers)
     * @param tls the TLS context, or {@code null} for plain
     * @param deflate whether to accept permessage-deflate
     * @return the running server
     * @throws Exception when a server cannot bind
     */
    static VertxServer start(int threads, SSLContext tls, boolean deflate) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads));
        try {
            HttpServerOptions options = options(tls, deflate, freePort());
            Set<Integer> ports = ConcurrentHashMap.newKeySet();
            await(vertx.deployVerticle(() -> new Echo(options, ports), new DeploymentOptions().setInstances(threads)));
            if (ports.size() != 1) {
                throw new IllegalStateException("Expected the instances to share one port but they bound " + ports);
            }
            return new VertxServer(vertx, ports.iterator().next());
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * Finds a free port: Vert.x shares a fixed port among a deployment's instances, but gives each its own
     * for port 0. Another process could take the port before Vert.x binds it; the start then fails loudly.
     */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static HttpServerOptions options(SSLContext tls, boolean deflate, int port)
        throws GeneralSecurityException {
        HttpServerOptions options = new HttpServerOptions()
            .setHost("127.0.0.1")
            .setPort(port)
            .setMaxWebSocketFrameSize(MAX_MESSAGE)
            .setMaxWebSocketMessageSize(MAX_MESSAGE)
            .setPerMessageWebSocketCompressionSupported(deflate)
            .setPerFrameWebSocketCompressionSupported(false);
        if (tls != null) {
            options.setSsl(true).setSslEngineOptions(new ContextEngine(tls)).setKeyCertOptions(noKeys());
        }
        return options;
    }

    private static void serve(ServerWebSocket socket) {
        if (socket.path().startsWith("/sink")) {
            socket.handler(data -> { });
            return;
        }
        socket.textMessageHandler(socket::writeTextMessage);
        socket.binaryMessageHandler(socket::writeBinaryMessage);
        // A load generator closing with echoes in flight resets the connection; nothing to do but close.
        socket.exceptionHandler(failure -> socket.close());
    }

    /**
     * Vert.x insists on key options for TLS; the keys are in the JDK context, so these stand empty.
     */
    private static KeyCertOptions noKeys() throws GeneralSecurityException {
        try {
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(empty, new char[0]);
            return KeyCertOptions.wrap(factory);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String version() {
        try (InputStream in = Vertx.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    @Override
    public int echoPort() {
        return port;
    }

    @Override
    public int sinkPort() {
        return port;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /**
     * One event loop's server, as a verticle: Vert.x binds the instances of one deployment to one port and
     * spreads the connections over them.
     */
    private static final class Echo extends VerticleBase {
        private final HttpServerOptions options;
        private final Set<Integer> ports;

        Echo(HttpServerOptions options, Set<Integer> ports) {
            this.options = options;
            this.ports = ports;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).webSocketHandler(VertxServer::serve).listen()
                .onSuccess(server -> ports.add(server.actualPort()));
        }
    }

    /** Vert.x's TLS engine built on a given JDK context, the one the other peers get. Immutable. */
    private static final class ContextEngine extends SSLEngineOptions {
        private final SSLContext context;

        ContextEngine(SSLContext context) {
            this.context = context;
        }

        @Override
        public SSLEngineOptions copy() {
            return new ContextEngine(context);
        }

        @Override
        public SslContextFactory sslContextFactory() {
            return () -> new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE,
                ApplicationProtocolConfig.DISABLED, ClientAuth.NONE, null, false);
        }
    }
}
