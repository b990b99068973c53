package dev.wskit.transport;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One cell of the {@link TransportMatrix}: a transport, plain or over TLS. Starts servers, connects clients
 * and raw peers on it, and releases all of them when closed (JUnit closes it after each invocation). Holds
 * nothing until used, so the matrix can make harnesses up front.
 */
final class Harness implements AutoCloseable {
    /** The biggest message the suite echoes, 16 MiB, which is also the limit its engines accept. */
    static final int BIG = 16 << 20;
    /**
     * How long a raw peer's read waits before the test takes the other side for hung. It is reached only by a
     * test that fails: on a 2-core machine loaded by other builds, 50 decompression bombs in parallel kept an
     * answer waiting past 10 s, so it is generous.
     */
    static final int PEER_READ_TIMEOUT_MILLIS = 30_000;

    private final String transport;
    private final boolean tls;
    private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();

    Harness(String transport, boolean tls) {
        this.transport = transport;
        this.tls = tls;
    }

    String transport() {
        return transport;
    }

    boolean isTls() {
        return tls;
    }

    Transport transportInstance() {
        return Transports.byName(transport);
    }

    /** Engine limits high enough for the suite's 16 MiB messages. */
    static EngineConfig bigLimits() {
        return EngineConfig.builder().maxFramePayload(BIG).maxMessageSize(BIG).build();
    }

    /** The server's TLS context, or {@code null} on a plain cell. */
    SSLContext serverTls() {
        return tls ? TransportMatrix.serverContext() : null;
    }

    /** The client's TLS context, or {@code null} on a plain cell. */
    SSLContext clientTls() {
        return tls ? TransportMatrix.clientContext() : null;
    }

    /**
     * Starts a server on this transport, with TLS when this cell has it.
     *
     * @param setup adds endpoints and settings to a builder that has the transport, TLS and big limits
     * @return the running server, stopped when this harness closes
     */
    WebSocketServer server(UnaryOperator<ServerConfig.Builder> setup) throws IOException {
        ServerConfig.Builder builder = ServerConfig.builder().transport(transportInstance()).tls(serverTls())
            .connection(c -> c.engine(bigLimits()));
        WebSocketServer server = WebSocketServer.start(setup.apply(builder).build());
        resources.push(() -> server.stop(Duration.ofSeconds(1)));
        return server;
    }

    /** Starts a server whose {@code /echo} endpoint hands every connection the given listener. */
    WebSocketServer echoServer(EchoListener echo) throws IOException {
        return server(config -> config.endpoint("/echo", () -> echo));
    }

    URI uri(int port, String path) {
        return URI.create((tls ? "wss" : "ws") + "://localhost:" + port + path);
    }

    /** A client configuration on this transport, trusting the suite's certificate. */
    ClientConfig.Builder clientConfig() {
        ClientConfig.Builder builder = ClientConfig.builder().transport(transportInstance())
            .connection(c -> c.engine(bigLimits()));
        return tls ? builder.tls(clientTls()) : builder;
    }

    /** Starts connecting a client; the connection is aborted when this harness closes. */
    CompletableFuture<WebSocket> connectAsync(int port, String path, WebSocket.Listener listener,
                                              UnaryOperator<ClientConfig.Builder> setup) {
        CompletableFuture<WebSocket> opened = WebSocketClient.create(setup.apply(clientConfig()).build())
            .connect(uri(port, path), listener);
        resources.push(() -> opened.thenAccept(WebSocket::abort));
        return opened;
    }

    /** Connects a client to {@code /echo}, waiting for the handshake. */
    WebSocket connect(WebSocketServer server, WebSocket.Listener listener) throws Exception {
        return connect(server.port(), "/echo", listener, config -> config);
    }

    /** Connects a client, waiting for the handshake. */
    WebSocket connect(int port, String path, WebSocket.Listener listener,
                      UnaryOperator<ClientConfig.Builder> setup) throws Exception {
        return connectAsync(port, path, listener, setup).get(60, TimeUnit.SECONDS);
    }

    /** Opens a TCP (or TLS, handshake done) socket that says nothing yet. */
    Socket socket(int port) throws IOException {
        return socket(port, new Socket());
    }

    /**
     * Connects a given plain socket, then layers TLS on it when this cell has it, so that a test can cut or reset
     * the TCP connection underneath (see {@link CuttableSocket}).
     *
     * @param port the server's port
     * @param socket an unconnected plain socket
     * @return the socket to talk on: {@code socket} itself, or TLS over it with its handshake done
     */
    Socket socket(int port, Socket socket) throws IOException {
        resources.push(socket);
        socket.connect(new InetSocketAddress("localhost", port), 5_000);
        socket.setSoTimeout(PEER_READ_TIMEOUT_MILLIS);
        if (!tls) {
            return socket;
        }
        SSLSocket secure = (SSLSocket) clientTls().getSocketFactory()
            .createSocket(socket, "localhost", port, true);
        resources.push(secure);
        secure.startHandshake();
        return secure;
    }

    /** Opens a raw client that has completed the opening handshake with the server's {@code path}. */
    RawPeer rawClient(int port, String path) throws IOException {
        return RawPeer.client(socket(port), path);
    }

    /** Opens a raw client over a given plain socket, which the test may cut or reset under TLS. */
    RawPeer rawClient(int port, String path, CuttableSocket plain) throws IOException {
        return RawPeer.client(socket(port, plain), path);
    }

    /** Opens a raw client whose opening handshake offered extensions, such as permessage-deflate. */
    RawPeer rawClient(int port, String path, String extensions) throws IOException {
        return RawPeer.client(socket(port), path, extensions);
    }

    /** Opens a raw server socket, plain or TLS as this cell. */
    RawServer rawServer() throws IOException {
        RawServer server = new RawServer(serverTls());
        resources.push(server);
        return server;
    }

    /** Opens a raw server socket whose accepted connections the test may cut or reset under TLS. */
    RawServer cuttableRawServer() throws IOException {
        RawServer server = RawServer.cuttable(serverTls());
        resources.push(server);
        return server;
    }

    /** Releases a resource of the test's own when this harness closes, after the ones opened later. */
    <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (AutoCloseable resource = resources.poll(); resource != null; resource = resources.poll()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException("Could not release " + resource, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return transport + (tls ? "+tls" : "");
    }
}
