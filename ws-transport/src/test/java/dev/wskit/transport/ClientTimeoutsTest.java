package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.transport.spi.TlsHandshakeTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's three connect timeouts, each its own setting with its own failure: the connect timeout bounds the TCP
 * connect, the TLS handshake timeout the TLS handshake of {@code wss://} (RFC 6455 §4.1), and the opening handshake
 * timeout the wait for the server's 101 (§4.2.2). Each test stalls one stage and leaves the others far longer
 * limits, so that only the stage under test can run out of time.
 */
class ClientTimeoutsTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";
    private static final Duration LONG = Duration.ofMinutes(5);

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void aTlsHandshakeThatNeverEndsFailsWithItsOwnTimeoutNamingTheServer(Harness peers) throws Exception {
        ServerSocket silent = peers.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, silent.getLocalPort(), client,
            config -> config.connectTimeout(LONG).tlsHandshakeTimeout(Duration.ofMillis(500))
                .connection(c -> c.handshakeTimeout(LONG)));
        try (Socket server = silent.accept()) {
            server.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
            assertEquals(0x16, server.getInputStream().read(), "a TLS handshake record");
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> connecting.get(60, TimeUnit.SECONDS));
            TlsHandshakeTimeoutException timeout =
                assertInstanceOf(TlsHandshakeTimeoutException.class, failure.getCause());
            assertEquals("TLS handshake with localhost:" + silent.getLocalPort() + " timed out after 500 ms",
                timeout.getMessage());
        }
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void aTlsHandshakeSlowerThanTheConnectTimeoutStillConnects(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        try (DelayingForwarder slow = new DelayingForwarder(server.port(), Duration.ofSeconds(4))) {
            RecordingListener client = new RecordingListener();
            // the TCP connect completes at once (3 s leave room for the resolver's thread on a loaded machine);
            // the TLS handshake behind the forwarder ends 4 s after it at the earliest, past the connect timeout
            CompletableFuture<WebSocket> connecting = connect(peers, slow.port(), client,
                config -> config.connectTimeout(Duration.ofSeconds(3)).tlsHandshakeTimeout(LONG)
                    .connection(c -> c.handshakeTimeout(LONG)));
            WebSocket socket = connecting.get(120, TimeUnit.SECONDS);
            socket.sendText("after a slow TLS handshake");
            assertEquals("after a slow TLS handshake", client.nextMessage());
            socket.close(1000, "done");
            List<String> events = client.untilClose();
            assertEquals("close 1000 done clean=true", events.get(events.size() - 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void anOpeningHandshakeThatNeverEndsFailsWithItsOwnTimeout(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, rawServer.port(), client,
            config -> config.connectTimeout(LONG).tlsHandshakeTimeout(LONG)
                .connection(c -> c.handshakeTimeout(Duration.ofMillis(500))));
        // the request arrives; the 101 never comes
        peers.closeLater(rawServer.acceptAndIgnore());
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        SocketTimeoutException timeout = assertInstanceOf(SocketTimeoutException.class, failure.getCause());
        assertEquals("Opening handshake timed out after 500 ms", timeout.getMessage());
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @Test
    void aNegativeOrOversizedTimeoutIsRefusedByTheConfig() {
        assertThrows(IllegalArgumentException.class,
            () -> ClientConfig.builder().tlsHandshakeTimeout(Duration.ofMillis(-1)).build());
        assertThrows(IllegalArgumentException.class,
            () -> ClientConfig.builder().connectTimeout(Duration.ofDays(30)).build());
        assertEquals(Duration.ofSeconds(10), ClientConfig.defaults().tlsHandshakeTimeout());
    }

    private static CompletableFuture<WebSocket> connect(Harness peers, int port, WebSocket.Listener listener,
                                                        UnaryOperator<ClientConfig.Builder> setup) {
        CompletableFuture<WebSocket> connecting = WebSocketClient.create(setup.apply(peers.clientConfig()).build(),
            host -> InetAddress.getLoopbackAddress()).connect(peers.uri(port, "/echo"), listener);
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        return connecting;
    }

    /**
     * A TCP forwarder to a local port that holds the first connection's bytes back for a while: the client's TCP
     * connect completes at once, everything after it (the TLS handshake) is late by the delay.
     */
    private static final class DelayingForwarder implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final Duration delay;
        private final Thread acceptor;
        private volatile Socket client;
        private volatile Socket server;

        DelayingForwarder(int target, Duration delay) throws IOException {
            this.target = target;
            this.delay = delay;
            this.acceptor = Thread.ofPlatform().daemon().name("delaying-forwarder").start(this::forward);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void forward() {
            try {
                client = listener.accept();
                Thread.sleep(delay);
                server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 10_000);
                Thread.ofPlatform().daemon().name("forwarder-up").start(() -> pipe(client, server));
                pipe(server, client);
            } catch (IOException e) {
                closeQuietly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void pipe(Socket from, Socket to) {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                closeQuietly();
            }
        }

        private void closeQuietly() {
            for (AutoCloseable socket : new AutoCloseable[] {client, server, listener}) {
                try {
                    if (socket != null) {
                        socket.close();
                    }
                } catch (Exception ignored) {
                    continue;
                }
            }
        }

        /** Closes the sockets, which ends the piping threads; interrupts a delay still running. */
        @Override
        public void close() {
            closeQuietly();
            acceptor.interrupt();
        }
    }
}
