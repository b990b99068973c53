package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The virtual-thread transport never pins its carrier threads while blocked on I/O: a JFR recording of
 * {@code jdk.VirtualThreadPinned} (threshold 0) over an echo workload holds no event but the one this test
 * provokes on purpose, which shows the recording would see pinning if there were any. JDK 24 and later no
 * longer pin inside {@code synchronized} (JEP 491), so a source check keeps it out of the code that runs on
 * virtual threads, for JDK 21.
 */
class PinningTest {
    private static final String PINNED = "jdk.VirtualThreadPinned";
    private static final String CONTROL = "pinning-control";

    /** Blocks inside its class initializer, where a virtual thread is still pinned on every JDK. */
    static final class PinsWhenInitialized {
        static {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private PinsWhenInitialized() {
        }
    }

    /** Initializes a fresh copy of {@link PinsWhenInitialized} (a new class loader's), so it pins every time. */
    private static void pinOnPurpose() {
        URL classes = PinningTest.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class.forName(PinsWhenInitialized.class.getName(), true, loader);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void virtualTransportNeverPinsDuringAnEchoWorkload(boolean tls) throws Exception {
        List<RecordedEvent> events;
        try (Harness peers = new Harness("virtual", tls); Recording recording = new Recording()) {
            // a first round loads the classes: a virtual thread that waits for another to load a class is
            // pinned once (the JDK's class loading, not wskit's I/O)
            echoWorkload(peers);
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            echoWorkload(peers);
            Thread control = Thread.ofVirtual().name(CONTROL).start(PinningTest::pinOnPurpose);
            control.join();
            recording.stop();
            events = events(recording);
        }
        List<RecordedEvent> control = events.stream().filter(event -> CONTROL.equals(threadName(event))).toList();
        assertFalse(control.isEmpty(), "the recording missed the pinning provoked on purpose");
        List<String> others = events.stream().filter(event -> !CONTROL.equals(threadName(event)))
            .map(PinningTest::describe).toList();
        assertEquals(List.of(), others, "virtual threads pinned during the workload");
    }

    private static void echoWorkload(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        List<RecordingListener> clients = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RecordingListener client = new RecordingListener();
            clients.add(client);
            sockets.add(peers.connect(server, client));
        }
        byte[] big = new byte[1 << 20];
        new Random(3).nextBytes(big);
        for (int round = 0; round < 20; round++) {
            for (WebSocket socket : sockets) {
                socket.sendText("round " + round);
                socket.sendBinary(ByteBuffer.wrap(new byte[round * 100]));
                socket.ping(ByteBuffer.wrap(new byte[] {(byte) round}));
            }
        }
        sockets.getFirst().sendBinary(ByteBuffer.wrap(big)).get(120, TimeUnit.SECONDS);
        for (RecordingListener client : clients) {
            for (int round = 0; round < 20; round++) {
                assertEquals("round " + round, client.nextMessage());
                assertEquals(round * 100, ((byte[]) client.nextMessage()).length);
            }
        }
        assertArrayEquals(big, (byte[]) clients.getFirst().nextMessage());
        CompletableFuture.allOf(sockets.stream().map(socket -> socket.close(1000, ""))
            .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        server.stop();
    }

    private static List<RecordedEvent> events(Recording recording) throws IOException {
        Path file = Files.createTempFile("wskit-pinning", ".jfr");
        try {
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                .filter(event -> event.getEventType().getName().equals(PINNED)).toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String threadName(RecordedEvent event) {
        return event.getThread() == null ? "" : event.getThread().getJavaName();
    }

    private static String describe(RecordedEvent event) {
        return threadName(event) + " " + (event.hasField("pinnedReason") ? event.getString("pinnedReason") : "")
            + " at " + (event.getStackTrace() == null ? "?" : event.getStackTrace().getFrames().stream()
                .limit(12).map(frame -> frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
                .toList());
    }

    @Test
    void codeOnVirtualThreadsNeverUsesSynchronized() throws IOException {
        // the NIO transport runs on its own platform event loops; everything else may run on virtual threads
        Path sources = Path.of("src/main/java/dev/wskit/transport");
        assertTrue(Files.isDirectory(sources), "run from the module's directory: " + sources.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                .filter(file -> !file.startsWith(sources.resolve("nio")))
                .filter(PinningTest::usesSynchronized)
                .map(Path::toString)
                .toList();
        }
        assertEquals(List.of(), offenders, "use ReentrantLock: synchronized pins virtual threads on JDK 21");
    }

    private static boolean usesSynchronized(Path file) {
        try {
            String code = Files.readString(file)
                .replaceAll("(?s)/\\*.*?\\*/", "")
                .replaceAll("//[^\\n]*", "");
            return code.matches("(?s).*\\bsynchronized\\b.*");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
