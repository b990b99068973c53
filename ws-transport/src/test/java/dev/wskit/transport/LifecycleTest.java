package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers and clients leave nothing behind: after connections close and {@code stop()} returns, every thread
 * they started has ended (the transports' shared timer threads excepted) and every socket is closed.
 */
class LifecycleTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    /**
     * Names the live wskit platform threads that belong to connections. Shared threads are left out: the
     * transports' timers ({@code wskit-*-timer}) and idle workers of a transport's pool, which wait for a task
     * rather than serve a connection. Virtual threads are not listed: the one API that lists them, the JDK's
     * thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}), crashed the JVM (SIGSEGV in
     * {@code Continuation::is_continuation_entry_frame}, Temurin 25.0.3) in one of this suite's loaded runs while
     * virtual threads were ending. A virtual thread left serving a connection holds its socket, which the open
     * file count below catches.
     */
    static Set<String> wskitThreads() {
        Set<String> names = new TreeSet<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            if (name.startsWith("wskit-") && !name.endsWith("-timer") && thread.isAlive() && !isIdleWorker(stack)) {
                names.add(name);
            }
        });
        return names;
    }

    private static boolean isIdleWorker(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                && frame.getMethodName().equals("getTask")) {
                return true;
            }
        }
        return false;
    }

    static long openFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    /** Asserts that, within a few seconds, no wskit thread lives that did not live before and no more files are open. */
    static void assertNothingLeftBehind(Set<String> threadsBefore, long filesBefore) throws Exception {
        List<String> leftover = new ArrayList<>();
        Await.until(Duration.ofSeconds(60), () -> {
            Set<String> now = wskitThreads();
            now.removeAll(threadsBefore);
            leftover.clear();
            leftover.addAll(now);
            return now.isEmpty();
        }, () -> "threads left behind: " + leftover);
        Await.until(Duration.ofSeconds(60), () -> openFileDescriptors() <= filesBefore,
            () -> "open files " + openFileDescriptors() + " > " + filesBefore + " before");
    }

    /** Runs one connection through the transport first, so that its shared threads and classes exist. */
    static void warmUp(Harness peers) throws Exception {
        try (Harness warm = new Harness(peers.transport(), peers.isTls())) {
            WebSocketServer server = warm.echoServer(new EchoListener());
            RecordingListener client = new RecordingListener();
            warm.connect(server, client).sendText("warm");
            client.nextMessage();
            server.stop();
            client.closed.get(60, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void nothingIsLeftBehindAfterConnectionsEndAndTheServerStops(Harness peers) throws Exception {
        warmUp(peers);
        Set<String> threadsBefore = wskitThreads();
        long filesBefore = openFileDescriptors();

        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.handshakeTimeout(Duration.ofSeconds(30)))
            .endpoint("/echo", () -> echo));
        List<RecordingListener> clients = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RecordingListener client = new RecordingListener();
            clients.add(client);
            sockets.add(peers.connect(server, client));
            sockets.get(i).sendText("hello " + i);
            assertEquals("hello " + i, client.nextMessage());
        }
        sockets.get(0).close(1000, "client leaves").get(60, TimeUnit.SECONDS);
        sockets.get(1).abort();
        server.connections().getFirst().close(4000, "server ends one").get(60, TimeUnit.SECONDS);
        try (RawPeer silent = peers.rawClient(server.port(), "/echo");
             Socket halfway = peers.socket(server.port())) {
            halfway.getOutputStream().write("GET /echo HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            server.stop(Duration.ofMillis(500));
            assertEquals(1001, silent.readClose().closeCode());
            assertTrue(silent.awaitsEnd(), "stop() left a peer that never answered its Close connected");
            assertTrue(RawPeer.endsWithoutReply(halfway), "stop() left a connection in its handshake open");
        }
        for (RecordingListener client : clients) {
            client.closed.get(60, TimeUnit.SECONDS);
            assertEquals(1, client.closeCount.get());
        }
        assertNothingLeftBehind(threadsBefore, filesBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void nothingIsLeftBehindAfterAClientConnectionCloses(Harness peers) throws Exception {
        warmUp(peers);
        WebSocketServer server = peers.echoServer(new EchoListener());
        Set<String> threadsBefore = wskitThreads();
        long filesBefore = openFileDescriptors();
        for (int i = 0; i < 5; i++) {
            RecordingListener client = new RecordingListener();
            WebSocket socket = peers.connect(server, client);
            socket.sendText("once");
            client.nextMessage();
            socket.close(1000, "").get(60, TimeUnit.SECONDS);
        }
        Await.until(Duration.ofSeconds(60), () -> server.connections().isEmpty(), server.connections()::toString);
        assertNothingLeftBehind(threadsBefore, filesBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void stopReturnsWhileConnectionsAreStillInTheirHandshake(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket socket = peers.socket(server.port());
            socket.getOutputStream().write("GET /echo HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofMillis(200)));
        stopping.get(60, TimeUnit.SECONDS);
        for (Socket socket : sockets) {
            assertTrue(RawPeer.endsWithoutReply(socket), "stop() left a connection in its handshake open");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void stoppedServerReleasesItsPort(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        int port = server.port();
        server.stop();
        server.stop();
        // a transport may release the port on its event loop's next turn: allow it a moment
        WebSocketServer again = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (again == null) {
            try {
                again = peers.server(config -> config.port(port).endpoint("/echo", EchoListener::new));
            } catch (BindException e) {
                assertTrue(System.nanoTime() - deadline < 0, "port " + port + " still bound 10 s after stop()");
                Thread.sleep(20);
            }
        }
        RecordingListener client = new RecordingListener();
        peers.connect(again, client).sendText("same port");
        assertEquals("same port", client.nextMessage());
    }
}
