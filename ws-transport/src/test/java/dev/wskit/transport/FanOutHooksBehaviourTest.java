package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two hooks a fan-out outside the connection's listener needs, on every transport, plain and over TLS:
 * {@link WebSocket#offer(PreparedMessage)}, a prepared send without a future that keeps the send queue's order and
 * limit, and {@link WebSocket#whenClosed()}, which tells any holder of a handle that the connection ended.
 */
class FanOutHooksBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void offeredPreparedMessagesGoOutInOrderWithTheOtherSends(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                assertTrue(socket.offer(PreparedMessage.text("first")));
                socket.sendText("second");
                assertTrue(socket.offer(PreparedMessage.text("third")));
            }
        }));
        RecordingListener client = new RecordingListener();
        peers.connect(server, client);
        assertEquals("first", client.nextMessage());
        assertEquals("second", client.nextMessage());
        assertEquals("third", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void offerBeyondTheSendQueueLimitIsRefusedAndTheConnectionStaysOpen(Harness peers) throws Exception {
        CompletableFuture<Boolean> offered = new CompletableFuture<>();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(Harness.bigLimits()).maxBufferedBytes(1024))
            .endpoint("/echo", () -> new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket socket) {
                    offered.complete(socket.offer(PreparedMessage.text("x".repeat(2048))));
                    socket.sendText("still open");
                }
            }));
        RecordingListener client = new RecordingListener();
        peers.connect(server, client);
        assertFalse(offered.get(60, TimeUnit.SECONDS));
        assertEquals("still open", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientRefusesToOfferAPreparedMessageBecauseItsFramesMustBeMasked(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        WebSocket client = peers.connect(server, new RecordingListener());
        assertFalse(client.offer(PreparedMessage.text("unmasked")));
        assertEquals(ReadyState.OPEN, client.readyState());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void whenClosedCompletesOnceThePeerHasClosedAndAtOnceForLaterCallers(Harness peers) throws Exception {
        CompletableFuture<WebSocket> serverSide = new CompletableFuture<>();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                serverSide.complete(socket);
            }
        }));
        WebSocket client = peers.connect(server, new RecordingListener());
        WebSocket socket = serverSide.get(60, TimeUnit.SECONDS);
        CompletableFuture<Void> closed = socket.whenClosed().toCompletableFuture();
        assertFalse(closed.isDone());
        client.close(1000, "bye");
        closed.get(60, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        assertTrue(socket.whenClosed().toCompletableFuture().isDone());
    }
}
