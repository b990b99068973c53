package dev.wskit.benchmarks.compare;

import javax.net.ssl.SSLContext;

/**
 * A running server under comparison: echoes messages on one endpoint, discards them on another (the sink,
 * for one-way streams). Thread-safe.
 */
sealed interface EchoServer extends AutoCloseable permits RawTcpServer, NettyServer, JettyServer, VertxServer, WskitServer {

    /**
     * Starts the server a target names, on free ports of 127.0.0.1, with as many I/O threads (where it has
     * a fixed number) as the machine has cores.
     *
     * @param target the target
     * @param tls the server's TLS context, for TLS targets
     * @return the running server
     * @throws Exception when it cannot bind or start
     */
    static EchoServer start(Target target, SSLContext tls) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        return switch (target.server()) {
            case RAW -> RawTcpServer.start(threads);
            case NETTY -> NettyServer.start(threads, tls, target.deflate());
            case JETTY -> JettyServer.start(tls);
            case VERTX -> VertxServer.start(threads, tls, target.deflate());
            case WSKIT -> WskitServer.start(target, tls);
        };
    }

    /**
     * Returns the port that echoes (path {@code /echo} for WebSocket servers).
     *
     * @return the port
     */
    int echoPort();

    /**
     * Returns the port whose connections' messages are discarded (path {@code /sink} for WebSocket servers).
     *
     * @return the port
     */
    int sinkPort();

    /** Stops the server, closing its connections. */
    @Override
    void close();
}
