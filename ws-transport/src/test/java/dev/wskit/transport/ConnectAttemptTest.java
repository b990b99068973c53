package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's connect (RFC 6455 §4.1) on every transport, plain and over TLS: cancelling its future aborts it at
 * whatever stage it is (the host's resolution, the TCP connect, the TLS handshake, the opening handshake),
 * closes the socket, and leaves no thread or file behind, while the listener hears nothing; the connect timeout
 * bounds the host's resolution too, and its failure names the stage that ran out of time.
 */
class ConnectAttemptTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final HostResolver LOOPBACK = host -> InetAddress.getLoopbackAddress();
    /**
     * Timeouts far beyond the wait for a cancelled connect's socket to close, so that only the cancel can have
     * closed it.
     */
    private static final UnaryOperator<ClientConfig.Builder> PATIENT = config -> config
        .connectTimeout(Duration.ofMinutes(5)).tlsHandshakeTimeout(Duration.ofMinutes(5))
        .connection(c -> c.handshakeTimeout(Duration.ofMinutes(5)));

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void cancellingDuringTheOpeningHandshakeClosesTheConnectionAndLeavesNothing(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, rawServer.port(), client, LOOPBACK, PATIENT);
        // the request has arrived: the client waits for the 101
        try (Socket server = rawServer.acceptAndIgnore()) {
            assertTrue(connecting.cancel(false), "a connect in its opening handshake can be cancelled");
            assertTrue(endsAfterDiscarding(server.getInputStream()), "the cancelled client kept the connection");
        }
        assertCancelledLeavingNothing(connecting, client, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void cancellingDuringTheTlsHandshakeClosesTheSocketAndLeavesNothing(Harness peers) throws Exception {
        ServerSocket listener = peers.closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, listener.getLocalPort(), client, LOOPBACK, PATIENT);
        try (Socket server = listener.accept()) {
            server.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
            // a plain server that never answers: the client's ClientHello waits for a ServerHello
            assertEquals(0x16, server.getInputStream().read(), "a TLS handshake record");
            assertTrue(connecting.cancel(false), "a connect in its TLS handshake can be cancelled");
            assertTrue(endsAfterDiscarding(server.getInputStream()), "the cancelled client kept the connection");
        }
        assertCancelledLeavingNothing(connecting, client, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void cancellingDuringTheTcpConnectClosesTheSocketAndLeavesNothing(Harness peers) throws Exception {
        ServerSocket listener = fullBacklog(peers);
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CountDownLatch resolved = new CountDownLatch(1);
        CompletableFuture<WebSocket> connecting = connect(peers, listener.getLocalPort(), client, host -> {
            resolved.countDown();
            return InetAddress.getLoopbackAddress();
        }, PATIENT);
        assertTrue(resolved.await(10, TimeUnit.SECONDS), "the host was resolved");
        // the client's socket is open: its SYN waits for room in the backlog
        Await.until(Duration.ofSeconds(60), () -> LifecycleTest.openFileDescriptors() > baseline.files(),
            () -> "no socket opened");
        assertTrue(connecting.cancel(false), "a connect in its TCP connect can be cancelled");
        assertCancelledLeavingNothing(connecting, client, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void tcpConnectThatOutlastsTheConnectTimeoutFailsNamingTheAddress(Harness peers) throws Exception {
        ServerSocket listener = fullBacklog(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, listener.getLocalPort(), client, LOOPBACK,
            // wide enough for the hop to the resolver thread on a loaded machine (300 ms was not, once): the full
            // backlog keeps the TCP connect from completing however long the timeout
            config -> config.connectTimeout(Duration.ofSeconds(3)));
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        SocketTimeoutException timeout = assertInstanceOf(SocketTimeoutException.class, failure.getCause());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        assertEquals("Connect to " + address + " timed out after 3000 ms", timeout.getMessage());
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void hostResolutionThatOutlastsTheConnectTimeoutFailsNamingTheHost(Harness peers) throws Exception {
        SlowResolver resolver = new SlowResolver();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, 9, client, resolver,
            config -> config.connectTimeout(Duration.ofMillis(200)));
        try {
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> connecting.get(60, TimeUnit.SECONDS));
            SocketTimeoutException timeout = assertInstanceOf(SocketTimeoutException.class, failure.getCause());
            assertEquals("DNS resolution of host localhost timed out after 200 ms", timeout.getMessage());
        } finally {
            resolver.release();
        }
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void cancellingWhileTheHostResolvesLeavesNothing(Harness peers) throws Exception {
        Baseline baseline = Baseline.take(peers);
        SlowResolver resolver = new SlowResolver();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, 9, client, resolver, PATIENT);
        assertTrue(resolver.entered.await(10, TimeUnit.SECONDS), "resolution started");
        assertTrue(connecting.cancel(false), "a connect resolving its host can be cancelled");
        resolver.release();
        assertCancelledLeavingNothing(connecting, client, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void unknownHostFailsTheConnect(Harness peers) throws Exception {
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, 9, client, host -> {
            throw new UnknownHostException(host + ": no such host");
        }, config -> config);
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        assertEquals("localhost: no such host",
            assertInstanceOf(UnknownHostException.class, failure.getCause()).getMessage());
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void cancelAfterTheHandshakeFailsAndTheConnectionStaysOpen(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = connect(peers, server.port(), client, LOOPBACK, config -> config);
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        assertFalse(connecting.cancel(false), "an open connection's connect cannot be cancelled");
        assertFalse(connecting.isCancelled());
        assertEquals(ReadyState.OPEN, socket.readyState());
        socket.sendText("still open");
        assertEquals("still open", client.nextMessage());
    }

    private static CompletableFuture<WebSocket> connect(Harness peers, int port, WebSocket.Listener listener,
                                                        HostResolver resolver,
                                                        UnaryOperator<ClientConfig.Builder> setup) {
        CompletableFuture<WebSocket> connecting = WebSocketClient.create(setup.apply(peers.clientConfig()).build(),
            resolver).connect(peers.uri(port, "/echo"), listener);
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        return connecting;
    }

    /**
     * Asserts that a connect ended cancelled, that nothing it started lives on, and then, with nothing left that
     * could call the listener, that the listener heard nothing.
     */
    private static void assertCancelledLeavingNothing(CompletableFuture<WebSocket> connecting,
                                                      RecordingListener client, Baseline baseline) throws Exception {
        assertTrue(connecting.isCancelled());
        assertThrows(CancellationException.class, connecting::join);
        baseline.assertNothingLeftBehind();
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a cancelled connect");
    }

    /** Reads and drops what the peer sent until it ends the connection: true when it did, false on a timeout. */
    private static boolean endsAfterDiscarding(InputStream in) {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                continue;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Opens a listening socket that accepts nothing and fills its backlog, so that a further connect stalls
     * before the TCP handshake completes (the kernel drops its SYN). A filling connect that does not complete
     * within a second shows the backlog full.
     */
    private static ServerSocket fullBacklog(Harness peers) throws IOException {
        ServerSocket listener = peers.closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        for (int i = 0; i < 64; i++) {
            Socket filler = peers.closeLater(new Socket());
            try {
                filler.connect(listener.getLocalSocketAddress(), 1_000);
            } catch (SocketTimeoutException full) {
                return listener;
            }
        }
        throw new IllegalStateException("The backlog of " + listener + " took 64 connections and is not full");
    }

    /** A resolver that blocks until released, then answers the loopback address. */
    private static final class SlowResolver implements HostResolver {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch returned = new CountDownLatch(1);

        @Override
        public InetAddress resolve(String host) throws UnknownHostException {
            entered.countDown();
            try {
                released.await();
                return InetAddress.getLoopbackAddress();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host + ": interrupted");
            } finally {
                returned.countDown();
            }
        }

        /** Lets the resolution finish and waits until the resolver has returned. */
        void release() throws InterruptedException {
            released.countDown();
            assertTrue(returned.await(10, TimeUnit.SECONDS), "the resolver returned");
        }
    }
}
