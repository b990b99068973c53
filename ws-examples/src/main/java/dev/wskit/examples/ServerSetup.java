package dev.wskit.examples;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocketServer;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The options every example server shares (--host, --port, --transport, --tls, --deflate, --metrics,
 * --max-message, --write-stall) and its lifecycle.
 */
final class ServerSetup {
    static final Set<String> VALUED = Set.of("host", "port", "transport", "max-message", "write-stall");
    static final Set<String> FLAGS = Set.of("tls", "deflate", "metrics", "help");
    static final String OPTIONS = """
          --host HOST           address to bind (default 127.0.0.1)
          --port N              port to listen on (default %d; 0 picks a free one)
          --transport NAME      blocking, virtual or nio (default virtual)
          --tls                 serve wss:// with a self-signed certificate for localhost
          --deflate             offer permessage-deflate (RFC 7692)
          --metrics             count connections, messages, closes and Ping round trips; print them on exit
          --max-message BYTES   largest message accepted (default %d)
          --write-stall SECONDS close a peer whose output makes no progress this long (default 30; 0 never)
          --help                this text
        """;

    private ServerSetup() {
    }

    static ServerConfig.Builder configure(Options options, int defaultPort, long defaultMaxMessage) throws Exception {
        long maxMessage = options.intValue("max-message", (int) defaultMaxMessage);
        ServerConfig.Builder builder = ServerConfig.builder()
            .host(options.get("host", "127.0.0.1"))
            .port(options.port(defaultPort))
            .transport(transport(options.get("transport", "virtual")))
            .connection(c -> c
                .engine(EngineConfig.builder().maxFramePayload(maxMessage).maxMessageSize(maxMessage).build())
                .writeStallTimeout(Duration.ofSeconds(options.intValue("write-stall",
                    (int) Backpressure.DEFAULT_WRITE_STALL_TIMEOUT.toSeconds()))));
        if (options.has("tls")) {
            builder.tls(SelfSignedCertificate.forLocalhost().serverContext());
        }
        if (options.has("deflate")) {
            Compression.enable(builder);
        }
        if (options.has("metrics")) {
            builder.connection(c -> c.metrics(new MetricsSummary()));
        }
        return builder;
    }

    private static dev.wskit.transport.spi.Transport transport(String name) {
        try {
            return Transports.byName(name);
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException(e.getMessage());
        }
    }

    /**
     * Waits for Ctrl-C (or the JVM's shutdown), then stops the server gracefully: 1001 to every peer. With
     * {@code --metrics}, prints their summary once they are closed.
     */
    static void runUntilShutdown(WebSocketServer server, ServerConfig config, PrintStream out)
        throws InterruptedException {
        runUntilShutdown(server, config, out, () -> { });
    }

    /** Waits as {@link #runUntilShutdown(WebSocketServer, ServerConfig, PrintStream)}, then runs {@code afterStop}. */
    static void runUntilShutdown(WebSocketServer server, ServerConfig config, PrintStream out, Runnable afterStop)
        throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping: closing connections with 1001 Going Away");
            server.stop();
            afterStop.run();
            if (config.connection().metrics() instanceof MetricsSummary summary) {
                summary.print(out);
            }
            stopped.countDown();
        }, "wskit-shutdown"));
        stopped.await();
    }

    static String scheme(Options options, boolean web) {
        boolean tls = options.has("tls");
        return web ? (tls ? "https" : "http") : (tls ? "wss" : "ws");
    }
}
