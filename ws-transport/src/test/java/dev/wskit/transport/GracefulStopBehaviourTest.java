package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WebSocketServer#stop(Duration)} under load, on every transport, plain and over TLS: with every connection
 * busy echoing and sends pending on both sides, the stop sends 1001 Going Away to all (RFC 6455 §7.4.1), every
 * client hears 1001 after a clean close handshake exactly once, the stop returns once the handshakes are done
 * (well within its bound), every pending send completes or fails (none is left pending), and no thread or socket
 * is left.
 *
 * <p>The clients run in this JVM on the {@code nio} transport whatever the server's, so that only the server's
 * transport differs between cells. The {@code nio} server gets 1,000 connections. The {@code blocking} and
 * {@code virtual} servers (one {@code SocketTransport}, with platform or virtual threads) get
 * {@value #SOCKET_CONNECTIONS}: a {@code blocking} server gives each connection a platform thread and a helper
 * thread for writes that the reading thread does not make, so 1,000 busy connections would put about 2,000
 * platform threads on this test's two shared cores; and on all of them the cost of 1,000 connections is mostly
 * their TLS handshakes (about 25 s over TLS on this loaded machine), which would make this one class take more
 * than the time the whole suite may add. {@value #SOCKET_CONNECTIONS} busy connections are still many times the
 * cores and the pool threads, and the stop itself is the same code, {@link WebSocketServer#stop(Duration)}, on
 * every transport.
 */
class GracefulStopBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final int CONNECTIONS = 1_000;
    private static final int SOCKET_CONNECTIONS = 200;
    /** Messages each client keeps bouncing off the server. */
    private static final int IN_FLIGHT = 4;
    /** Connections opened at once: many TLS handshakes at once on two loaded cores would pass their timeouts. */
    private static final int BATCH = 25;
    /** The bound of the stop: a limit that only a hang reaches, the close handshakes end long before. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String MESSAGE = "x".repeat(1_000);

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void stopUnderLoadSendsGoingAwayToEveryBusyConnectionAndLeavesNothingPending(Harness peers) throws Exception {
        int connections = peers.transport().equals("nio") ? CONNECTIONS : SOCKET_CONNECTIONS;
        long limit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getMaxFileDescriptorCount();
        // both ends of every connection are files of this process
        assumeTrue(limit > 2L * connections + 1_000, "needs " + (2 * connections + 1_000)
            + " file descriptors per process, the limit is " + limit + " (ulimit -Hn)");
        Sends sends = new Sends();
        Bouncer serverSide = new Bouncer(sends);
        WebSocketServer server = peers.server(config -> config.maxConnections(2 * connections)
            .connection(c -> c.handshakeTimeout(Duration.ofSeconds(60))).endpoint("/busy", () -> serverSide));
        try (Harness warmClients = new Harness("nio", peers.isTls())) {
            // the clients' transport is created and warmed up before the baseline, as the server's is by take()
            Baseline.take(warmClients);
        }
        Baseline baseline = Baseline.take(peers);

        Bouncer clientSide = new Bouncer(sends);
        List<WebSocket> clients = connect(peers, server, clientSide, connections);
        for (WebSocket client : clients) {
            for (int i = 0; i < IN_FLIGHT; i++) {
                sends.track(client.sendText(MESSAGE));
            }
        }
        Await.until(Duration.ofSeconds(60), () -> serverSide.busyConnections() == connections,
            () -> serverSide.busyConnections() + " of " + connections + " connections echoed a message");

        CompletableFuture.runAsync(() -> server.stop(STOP_TIMEOUT))
            .get(STOP_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);

        Await.until(Duration.ofSeconds(30), () -> clientSide.closes.size() == connections,
            () -> clientSide.closes.size() + " of " + connections + " clients closed");
        // stop() returns once every close handshake is done; the onClose that follows each may still be running
        Await.until(Duration.ofSeconds(30), () -> serverSide.closes.size() == connections,
            () -> serverSide.closes.size() + " of " + connections + " server-side connections heard onClose");
        Await.until(Duration.ofSeconds(30), () -> sends.pending.get() == 0,
            () -> sends.pending.get() + " sends still pending after the stop");
        baseline.assertNothingLeftBehind();
        System.out.printf("%s: stop() with %d busy connections; %d sends completed, %d failed%n", peers,
            connections, sends.completed.get(), sends.failed.get());
        assertEquals(Map.of("close 1001 Server stopping clean=true", connections), clientSide.closeCounts(),
            "how the clients' connections closed");
        assertEquals(Map.of("close 1001 Server stopping clean=true", connections), serverSide.closeCounts(),
            "how the server's connections closed");
        assertEquals(List.of(), server.connections());
        for (Queue<String> closes : clientSide.closes.values()) {
            assertEquals(1, closes.size(), closes::toString);
        }
    }

    /** Connects the clients in batches, so that their handshakes do not all wait for the same two cores. */
    private static List<WebSocket> connect(Harness peers, WebSocketServer server, Bouncer listener, int count)
        throws Exception {
        List<WebSocket> clients = new ArrayList<>();
        while (clients.size() < count) {
            List<CompletableFuture<WebSocket>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH && clients.size() + batch.size() < count; i++) {
                batch.add(peers.connectAsync(server.port(), "/busy", listener, config -> config
                    .transport(Transports.nio()).connectTimeout(Duration.ofSeconds(60))
                    .connection(c -> c.handshakeTimeout(Duration.ofSeconds(60)))));
            }
            for (CompletableFuture<WebSocket> opening : batch) {
                clients.add(opening.get(60, TimeUnit.SECONDS));
            }
        }
        return clients;
    }

    /** Counts sends until each completes or fails. */
    private static final class Sends {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();

        void track(CompletableFuture<Void> send) {
            pending.incrementAndGet();
            send.whenComplete((ignored, failure) -> {
                (failure == null ? completed : failed).incrementAndGet();
                pending.decrementAndGet();
            });
        }
    }

    /**
     * Sends every text it receives back on the same connection, so that each connection stays busy; records each
     * connection's closes. Shared by all connections of one side: thread-safe.
     */
    private static final class Bouncer implements WebSocket.Listener {
        final Map<WebSocket, Queue<String>> closes = new ConcurrentHashMap<>();
        private final Set<WebSocket> busy = ConcurrentHashMap.newKeySet();
        private final Sends sends;

        Bouncer(Sends sends) {
            this.sends = sends;
        }

        @Override
        public void onText(WebSocket socket, String text) {
            busy.add(socket);
            sends.track(socket.sendText(text));
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            String line = "close " + code + " " + reason + " clean=" + wasClean;
            // the line goes in before the map shows the connection: the test counts connections, then reads lines
            closes.compute(socket, (key, lines) -> {
                Queue<String> taken = lines == null ? new ConcurrentLinkedQueue<>() : lines;
                taken.add(line);
                return taken;
            });
        }

        int busyConnections() {
            return busy.size();
        }

        /** How many connections closed in each way, a connection closed twice counting twice. */
        Map<String, Integer> closeCounts() {
            Map<String, Integer> counts = new TreeMap<>();
            closes.values().forEach(lines -> lines.forEach(line -> counts.merge(line, 1, Integer::sum)));
            return counts;
        }
    }
}
