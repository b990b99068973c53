package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Many connections at once, and many threads sending on one connection. */
class ConcurrencyTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    /** Answers every text with itself, holding no per-connection state. */
    private static WebSocket.Listener echo() {
        return new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                socket.sendText(text);
            }
        };
    }

    /** Remembers the first text a connection receives. */
    private static final class FirstText implements WebSocket.Listener {
        final CompletableFuture<String> text = new CompletableFuture<>();

        @Override
        public void onText(WebSocket socket, String message) {
            text.complete(message);
        }
    }

    @Test
    void thousandConcurrentConnectionsOnVirtualThreadsEachGetTheirEcho() throws Exception {
        try (Harness peers = new Harness("virtual", false)) {
            assertEachOfManyConnectionsGetsItsEcho(peers, 1_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void concurrentConnectionsEachGetTheirEcho(Harness peers) throws Exception {
        assertEachOfManyConnectionsGetsItsEcho(peers, 50);
    }

    private static void assertEachOfManyConnectionsGetsItsEcho(Harness peers, int count) throws Exception {
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", ConcurrencyTest::echo));
        List<FirstText> listeners = new ArrayList<>();
        List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FirstText listener = new FirstText();
            listeners.add(listener);
            connecting.add(peers.connectAsync(server.port(), "/echo", listener, config -> config));
        }
        CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(count, server.connections().size(), "all open at once");
        for (int i = 0; i < count; i++) {
            connecting.get(i).join().sendText("hello from " + i);
        }
        for (int i = 0; i < count; i++) {
            assertEquals("hello from " + i, listeners.get(i).text.get(120, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(connecting.stream().map(socket -> socket.join().close(1000, ""))
            .toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(60), () -> server.connections().isEmpty(),
            () -> server.connections().size() + " still open");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void concurrentSendersOnOneConnectionEachKeepTheirOrder(Harness peers) throws Exception {
        int senders = 8;
        int perSender = 250;
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.server(config -> config.endpoint("/echo", ConcurrencyTest::echo)).port(),
            "/echo", client, config -> config);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<CompletableFuture<Void>>>> sending = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            for (int t = 0; t < senders; t++) {
                int sender = t;
                sending.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Void>> sends = new ArrayList<>();
                    for (int i = 0; i < perSender; i++) {
                        sends.add(socket.sendText(sender + ":" + i));
                    }
                    return sends;
                }));
            }
            start.countDown();
            for (Future<List<CompletableFuture<Void>>> sends : sending) {
                CompletableFuture.allOf(sends.get(120, TimeUnit.SECONDS).toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            }
        }
        Map<Integer, Integer> nextBySender = new HashMap<>();
        for (int received = 0; received < senders * perSender; received++) {
            String[] parts = ((String) client.nextMessage()).split(":");
            int sender = Integer.parseInt(parts[0]);
            int expected = nextBySender.getOrDefault(sender, 0);
            assertEquals(expected, Integer.parseInt(parts[1]), "order of sender " + sender);
            nextBySender.put(sender, expected + 1);
        }
        assertFalse(client.overlapped, "callbacks of one connection overlapped");
        assertEquals(0, socket.bufferedAmount());
    }
}
