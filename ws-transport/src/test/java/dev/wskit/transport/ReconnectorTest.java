package dev.wskit.transport;

import static dev.wskit.transport.ClientConnectRedirectTest.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link Reconnector} on every transport: it reconnects to a server restarted on the same port and runs its
 * hook with the new connection, retries a 5xx refusal, and never reconnects after a close this side asked for,
 * a 4xx refusal, or its last allowed attempt. Delays are a few milliseconds; the tests wait on events and count
 * the retries the reconnector scheduled.
 */
class ReconnectorTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final ReconnectPolicy QUICK = new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(20), 2,
        0.5, 0);

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void reconnectsToAServerRestartedOnTheSamePortAndRunsTheHook(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer first = peers.echoServer(echo);
        int port = first.port();
        RecordingListener client = new RecordingListener();
        BlockingQueue<WebSocket> reconnected = new LinkedBlockingQueue<>();
        Timers timers = timers(peers);
        Reconnector reconnector = peers.closeLater(Reconnector.start(WebSocketClient.create(peers.clientConfig()
            .build()), peers.uri(port, "/echo"), HttpHeaders.EMPTY, client, QUICK, reconnected::add, timers,
            new Random(13)));
        assertEquals("open", client.next());
        WebSocket before = awaitCurrent(reconnector);
        first.stop(Duration.ofSeconds(5));
        assertEquals("close 1001 Server stopping clean=true", client.next());
        peers.server(config -> config.port(port).endpoint("/echo", () -> echo));
        WebSocket after = reconnected.poll(60, TimeUnit.SECONDS);
        assertNotNull(after, "the hook ran with the new connection");
        assertTrue(after != before);
        assertEquals("open", client.next());
        after.sendText("once more");
        assertEquals("once more", client.nextMessage());
        assertEquals(Optional.of(after), reconnector.current());
        assertTrue(timers.scheduled.get() >= 1, "at least one retry was scheduled");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void closingTheReconnectorClosesTheConnectionAndSchedulesNothing(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        Timers timers = timers(peers);
        Reconnector reconnector = start(peers, server.port(), client, QUICK, timers);
        assertEquals("open", client.next());
        reconnector.close();
        reconnector.terminated().get(60, TimeUnit.SECONDS);
        assertEquals("close 1000  clean=true", client.next());
        assertEquals(0, timers.scheduled.get());
        assertEquals(Optional.empty(), reconnector.current());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aCloseOfTheConnectionItselfEndsTheReconnector(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        Timers timers = timers(peers);
        Reconnector reconnector = start(peers, server.port(), client, QUICK, timers);
        assertEquals("open", client.next());
        awaitCurrent(reconnector).close(4000, "done");
        reconnector.terminated().get(60, TimeUnit.SECONDS);
        assertEquals("close 4000 done clean=true", client.next());
        assertEquals(0, timers.scheduled.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void aClientErrorRefusalIsNotRetried(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        Timers timers = timers(peers);
        Reconnector reconnector = start(peers, raw.port(), new RecordingListener(), QUICK, timers);
        answer(raw, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> reconnector.terminated().get(60, TimeUnit.SECONDS));
        assertEquals(403, assertInstanceOf(HandshakeException.class, failure.getCause()).status());
        assertEquals(0, timers.scheduled.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aServerErrorRefusalIsRetriedUntilTheConnectionOpens(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        RecordingListener client = new RecordingListener();
        AtomicInteger hooks = new AtomicInteger();
        Timers timers = timers(peers);
        Reconnector reconnector = peers.closeLater(Reconnector.start(WebSocketClient.create(peers.clientConfig()
            .build()), peers.uri(raw.port(), "/"), HttpHeaders.EMPTY, client, QUICK, socket -> hooks.incrementAndGet(),
            timers, new Random(13)));
        answer(raw, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        answer(raw, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
        raw.accept();
        assertEquals("open", client.next());
        assertEquals(2, timers.scheduled.get());
        assertEquals(0, hooks.get(), "the first open is no reconnect");
        awaitCurrent(reconnector);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void givesUpAfterThePoliciesLastAttempt(Harness peers) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Timers timers = timers(peers);
        Reconnector reconnector = start(peers, closedPort, new RecordingListener(),
            new ReconnectPolicy(Duration.ofMillis(1), Duration.ofMillis(5), 2, 0, 3), timers);
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> reconnector.terminated().get(60, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, failure.getCause());
        assertEquals(2, timers.scheduled.get(), "three connects, two delays between them");
    }

    private static Reconnector start(Harness peers, int port, WebSocket.Listener listener, ReconnectPolicy policy,
                                     Timers timers) {
        return peers.closeLater(Reconnector.start(WebSocketClient.create(peers.clientConfig().build()),
            peers.uri(port, "/echo"), HttpHeaders.EMPTY, listener, policy, socket -> { }, timers, new Random(13)));
    }

    /**
     * Waits for the reconnector to hold the open connection: it takes it when the connect's future completes,
     * which may come just after the listener's onOpen (seen once in a CI run).
     */
    private static WebSocket awaitCurrent(Reconnector reconnector) throws InterruptedException {
        Await.until(Duration.ofSeconds(60), () -> reconnector.current().isPresent(), () -> "no current connection");
        return reconnector.current().orElseThrow();
    }

    private static Timers timers(Harness peers) {
        Timers timers = new Timers();
        peers.closeLater(timers::shutdownNow);
        return timers;
    }

    /** A scheduler that counts the delays it was asked for. */
    private static final class Timers extends ScheduledThreadPoolExecutor {
        final AtomicInteger scheduled = new AtomicInteger();

        Timers() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            scheduled.incrementAndGet();
            return super.schedule(command, delay, unit);
        }
    }
}
