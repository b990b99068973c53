package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer that stops reading is cut off (RFC 6455 §10.4), on every transport, plain and over TLS, by a server and
 * by a client: once the output has made no progress for the write-stall timeout, the socket is closed
 * (releasing a writer thread blocked on it), the queued sends fail, and the application hears 1006, as for any
 * connection lost without a Close frame (§7.1.5).
 */
class WriteStallBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    /** Far more than the socket buffers of both ends take, so the writer must stall. */
    private static final int MESSAGES = 64;
    private static final ByteBuffer MEBIBYTE = ByteBuffer.allocate(1 << 20).asReadOnlyBuffer();

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverClosesAPeerThatDoesNotReadAfterTheWriteStallTimeout(Harness peers) throws Exception {
        AtomicReference<CompletableFuture<Void>> lastSend = new AtomicReference<>();
        RecordingListener flooder = new RecordingListener() {
            @Override
            public void onOpen(WebSocket socket) {
                super.onOpen(socket);
                for (int i = 0; i < MESSAGES; i++) {
                    lastSend.set(socket.sendBinary(MEBIBYTE));
                }
            }
        };
        WebSocketServer server = peers.server(config -> config.connection(c -> c.maxBufferedBytes((long) MESSAGES << 21)
            .writeStallTimeout(Duration.ofSeconds(1))).endpoint("/flood", () -> flooder));
        long start = System.nanoTime();
        try (RawPeer raw = peers.rawClient(server.port(), "/flood")) {
            // the peer reads nothing more: the server's writes stall
            List<String> events = flooder.untilClose();
            long closedAfter = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("%s: a peer that does not read closed after %d ms (write-stall timeout 1 s)%n",
                peers, closedAfter);
            assertEquals(List.of("open", "error IOException"), events.subList(0, 2), events::toString);
            assertTrue(events.get(2).startsWith("close 1006 "), events::toString);
            assertTrue(raw.socket().isConnected());
        }
        Await.until(Duration.ofSeconds(60), () -> lastSend.get() != null && lastSend.get().isDone(),
            () -> "the queued sends were not failed");
        assertTrue(lastSend.get().isCompletedExceptionally(), "the last send completed without being written");
        flooder.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientClosesAServerThatDoesNotReadAfterTheWriteStallTimeout(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config
            .connection(c -> c.maxBufferedBytes((long) MESSAGES << 21).writeStallTimeout(Duration.ofSeconds(1))));
        try (RawPeer server = rawServer.accept()) {
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            // sent from the test's thread: the client's writer is a helper thread (or the loop) that stalls
            CompletableFuture<Void> last = null;
            for (int i = 0; i < MESSAGES; i++) {
                last = socket.sendBinary(MEBIBYTE);
            }
            List<String> events = client.untilClose();
            assertEquals(List.of("open", "error IOException"), events.subList(0, 2), events::toString);
            assertTrue(events.get(2).startsWith("close 1006 "), events::toString);
            CompletableFuture<Void> lastSend = last;
            Await.until(Duration.ofSeconds(60), lastSend::isDone, () -> "the queued sends were not failed");
            assertTrue(lastSend.isCompletedExceptionally(), "the last send completed without being read");
            assertTrue(server.socket().isConnected());
        }
        client.assertQuietAfterClose();
    }
}
