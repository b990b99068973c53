package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.Delivery;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Data and control messages in both directions, on every transport, plain and over TLS (RFC 6455 §5.4–§6). */
class MessageBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void echoesTextAndBinaryOfEverySize(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server, client);
        assertEquals("open", client.next());
        assertEquals(ReadyState.OPEN, socket.readyState());
        Random random = new Random(42);
        for (int size : new int[] {0, 125, 64 * 1024, Harness.BIG}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            socket.sendBinary(ByteBuffer.wrap(payload)).get(120, TimeUnit.SECONDS);
            assertArrayEquals(payload, (byte[]) client.nextMessage(), "binary of " + size);
            String text = "é".repeat(size / 2);
            socket.sendText(text);
            assertEquals(text, client.nextMessage(), "text of " + size);
        }
        echo.assertEchoesWritten();
        socket.close(1000, "done").get(60, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        assertFalse(client.overlapped);
        List<String> events = client.untilClose();
        assertEquals("close 1000 done clean=true", events.get(events.size() - 1), events::toString);
        assertEquals(9, events.size(), "8 messages, then the close: " + events);
        client.assertExhausted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void burstOfBinaryMessagesLentToTheListenerIsReadIntact(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.connection(c -> c.engine(Harness.bigLimits())
            .lendBinary(true)).endpoint("/echo", () -> new WebSocket.Listener() {
                @Override
                public void onBinary(WebSocket socket, ByteBuffer data) {
                    // a lent buffer is valid during the call only, and a send reads its buffer later: copy it
                    byte[] copy = new byte[data.remaining()];
                    data.get(copy);
                    socket.sendBinary(ByteBuffer.wrap(copy));
                }
            }));
        RecordingListener client = new RecordingListener();
        // the client is lent its messages too: the recording listener copies them during the call
        WebSocket socket = peers.connect(server.port(), "/echo", client,
            config -> config.connection(c -> c.engine(Harness.bigLimits()).lendBinary(true)));
        assertEquals("open", client.next());
        Random random = new Random(7);
        List<byte[]> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] payload = new byte[1 + random.nextInt(300)];
            random.nextBytes(payload);
            sent.add(payload);
            socket.sendBinary(ByteBuffer.wrap(payload));
        }
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), (byte[]) client.nextMessage(), "message " + i);
        }
        socket.close(1000, "done").get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void fragmentedSendsArriveWhole(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), new RecordingListener());
        socket.sendText("Hel", false);
        socket.sendText("lo, ", false);
        socket.sendText("wörld", true);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {3}), true);
        assertEquals("Hello, wörld", echo.nextMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) echo.nextMessage());
        echo.assertEchoesWritten();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverFragmentsArriveWholeAtTheClient(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.endpoint("/fragments", () -> new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText("κό", false);
                socket.sendText("σμε", true);
                socket.sendBinary(ByteBuffer.wrap(new byte[] {9}), false);
                socket.sendBinary(ByteBuffer.allocate(0), false);
                socket.sendBinary(ByteBuffer.wrap(new byte[] {8, 7}), true);
            }
        }));
        RecordingListener client = new RecordingListener();
        peers.connect(server.port(), "/fragments", client, config -> config);
        assertEquals("κόσμε", client.nextMessage());
        assertArrayEquals(new byte[] {9, 8, 7}, (byte[]) client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void pingIsAnsweredWithItsData(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        assertEquals("open", client.next());
        socket.ping(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
        assertEquals("pong 6869", client.next());
        assertEquals("open", echo.next());
        assertEquals("ping hi", echo.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverPingIsAnsweredByTheClient(Harness peers) throws Exception {
        RecordingListener server = new RecordingListener();
        WebSocketServer running = peers.server(config -> config.endpoint("/echo", () -> server));
        RecordingListener client = new RecordingListener();
        peers.connect(running, client);
        WebSocket serverSide = server.opened.get(60, TimeUnit.SECONDS);
        serverSide.ping(ByteBuffer.wrap("srv".getBytes(StandardCharsets.UTF_8)));
        assertEquals("open", client.next());
        assertEquals("ping srv", client.next());
        assertEquals("open", server.next());
        assertEquals("pong 737276", server.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void pingBetweenFragmentsIsAnsweredAndTheMessageStaysWhole(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        assertEquals("open", client.next());
        socket.sendText("before ", false);
        // RFC 6455 §5.4: control frames MAY be injected in the middle of a fragmented message
        socket.ping(ByteBuffer.wrap(new byte[] {0x2a}));
        socket.sendText("after", true);
        assertEquals("pong 2a", client.next());
        assertEquals("text before after", client.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void unsolicitedPongIsDeliveredAndNotAnswered(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        assertEquals("open", client.next());
        socket.pong(ByteBuffer.wrap(new byte[] {0x78})).get(60, TimeUnit.SECONDS);
        assertEquals("open", echo.next());
        assertEquals("pong 78", echo.next());
        // RFC 6455 §5.5.3: a response to an unsolicited Pong is not expected. A message sent after it comes back
        // after anything the server sent in answer to the Pong, so its echo shows there was none.
        socket.sendText("after the pong");
        assertEquals("text after the pong", client.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void controlFramesLongerThan125BytesAreRefused(Harness peers) throws Exception {
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()), new RecordingListener());
        // RFC 6455 §5.5: all control frames MUST have a payload length of 125 bytes or less
        assertThrows(IllegalArgumentException.class, () -> join(socket.ping(ByteBuffer.allocate(126))));
        assertThrows(IllegalArgumentException.class, () -> join(socket.pong(ByteBuffer.allocate(126))));
        socket.ping(ByteBuffer.allocate(125)).get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void messagesArriveInTheOrderTheyWereSent(Harness peers) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()), client);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sends.add(i % 2 == 0 ? socket.sendText("m" + i) : socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) i})));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            Object message = client.nextMessage();
            if (i % 2 == 0) {
                assertEquals("m" + i, message);
            } else {
                assertArrayEquals(new byte[] {(byte) i}, (byte[]) message);
            }
        }
        assertFalse(client.overlapped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void broadcastReachesEveryConnection(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        List<RecordingListener> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingListener client = new RecordingListener();
            peers.connect(server, client);
            clients.add(client);
        }
        Await.until(Duration.ofSeconds(60), () -> server.connections().size() == 3,
            () -> "open connections: " + server.connections().size());
        server.broadcast(PreparedMessage.text("news for all")).get(60, TimeUnit.SECONDS);
        server.broadcast(PreparedMessage.binary(ByteBuffer.wrap(new byte[] {4, 5, 6}))).get(60, TimeUnit.SECONDS);
        for (RecordingListener client : clients) {
            assertEquals("news for all", client.nextMessage());
            assertArrayEquals(new byte[] {4, 5, 6}, (byte[]) client.nextMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void bufferedAmountReturnsToZeroAfterSendsComplete(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        assertEquals(0, socket.bufferedAmount());
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sends.add(socket.sendBinary(ByteBuffer.allocate(64 * 1024)));
            sends.add(socket.sendText("x".repeat(1000)));
            sends.add(socket.ping(ByteBuffer.allocate(10)));
        }
        assertTrue(socket.bufferedAmount() <= 32L * (64 * 1024 + 1000 + 10), "counts only what was queued");
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(0, socket.bufferedAmount());
        for (int i = 0; i < 64; i++) {
            client.nextMessage();
        }
        WebSocket serverSide = echo.opened.get();
        Await.until(Duration.ofSeconds(60), () -> serverSide.bufferedAmount() == 0,
            () -> "server buffered " + serverSide.bufferedAmount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void sendsAfterCloseFail(Harness peers) throws Exception {
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()), new RecordingListener());
        CompletableFuture<Void> closing = socket.close(1000, "");
        assertFailsWithIllegalState(() -> socket.sendText("while closing"));
        closing.get(60, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        assertFailsWithIllegalState(() -> socket.sendText("late"));
        assertFailsWithIllegalState(() -> socket.sendText("late", false));
        assertFailsWithIllegalState(() -> socket.sendBinary(ByteBuffer.allocate(1)));
        assertFailsWithIllegalState(() -> socket.sendBinary(ByteBuffer.allocate(1), true));
        assertFailsWithIllegalState(() -> socket.ping(ByteBuffer.allocate(0)));
        assertFailsWithIllegalState(() -> socket.pong(ByteBuffer.allocate(0)));
        assertEquals(0, socket.bufferedAmount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void preparedMessagesAreForServersOnly(Harness peers) throws Exception {
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()), new RecordingListener());
        // RFC 6455 §5.3: every client frame needs a fresh masking key, so bytes encoded once cannot be reused
        assertThrows(IllegalArgumentException.class, () -> join(socket.send(PreparedMessage.text("no"))));
        socket.sendText("still open").get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void streamedDeliveryHandsOverPiecesThatAddUpToTheMessage(Harness peers) throws Exception {
        StreamRecorder recorder = new StreamRecorder();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(Harness.bigLimits().toBuilder().delivery(Delivery.STREAMED).build()))
            .endpoint("/stream", () -> recorder));
        WebSocket socket = peers.connect(server.port(), "/stream", new RecordingListener(), config -> config);
        byte[] payload = new byte[256 * 1024];
        new Random(7).nextBytes(payload);
        socket.sendBinary(ByteBuffer.wrap(payload));
        socket.sendText("streamed ✓");
        assertArrayEquals(payload, recorder.binary.get(60, TimeUnit.SECONDS));
        assertEquals("streamed ✓", new String(recorder.text.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void handleReportsWhatTheHandshakeAgreed(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .handshake(ServerHandshakeConfig.builder().subprotocols("chat.v2", "chat.v1").build())
            .endpoint("/echo", () -> echo));
        WebSocket socket = peers.connect(server.port(), "/echo?room=7", new RecordingListener(), config -> config
            .handshake(ClientHandshakeConfig.builder().subprotocols("chat.v1").build()));
        WebSocket serverSide = echo.opened.get(60, TimeUnit.SECONDS);
        assertEquals("chat.v1", socket.subprotocol());
        assertEquals("chat.v1", serverSide.subprotocol());
        assertEquals("", socket.extensions());
        assertEquals(peers.uri(server.port(), "/echo?room=7"), socket.uri());
        assertEquals("/echo?room=7", serverSide.uri().toString());
        assertEquals(peers.isTls(), socket.isSecure());
        assertEquals(peers.isTls(), serverSide.isSecure());
        assertEquals(server.port(), socket.remoteAddress().getPort());
        assertEquals(serverSide.remoteAddress().getAddress(), socket.remoteAddress().getAddress());
        serverSide.attributes().put("user", "ada");
        assertEquals("ada", server.connections().get(0).attributes().get("user"));
    }

    private static void join(CompletableFuture<Void> future) throws Throwable {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void assertFailsWithIllegalState(Supplier<CompletableFuture<Void>> send) {
        CompletableFuture<Void> result = send.get();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> result.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    /** Joins the pieces of one streamed text and one streamed binary message. */
    private static final class StreamRecorder implements WebSocket.Listener {
        final CompletableFuture<byte[]> text = new CompletableFuture<>();
        final CompletableFuture<byte[]> binary = new CompletableFuture<>();
        private final ByteArrayOutputStream textBytes = new ByteArrayOutputStream();
        private final ByteArrayOutputStream binaryBytes = new ByteArrayOutputStream();

        @Override
        public void onTextChunk(WebSocket socket, ByteBuffer utf8, boolean last) {
            textBytes.writeBytes(RecordingListener.toBytes(utf8));
            if (last) {
                text.complete(textBytes.toByteArray());
            }
        }

        @Override
        public void onBinaryChunk(WebSocket socket, ByteBuffer data, boolean last) {
            binaryBytes.writeBytes(RecordingListener.toBytes(data));
            if (last) {
                binary.complete(binaryBytes.toByteArray());
            }
        }
    }
}
