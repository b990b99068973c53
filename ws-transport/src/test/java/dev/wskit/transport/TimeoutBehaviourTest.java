package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.ReadyState;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Handshake, idle, keepalive and close-handshake timeouts, each set to a few hundred milliseconds. The suite
 * asserts only that each happens within seconds, never how fast.
 */
class TimeoutBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final Duration SHORT = Duration.ofMillis(300);
    /** For a deadline the peer is expected to meet: on a loaded machine, a few hundred milliseconds may pass. */
    private static final Duration LONG = Duration.ofSeconds(10);

    /**
     * A handshake timeout that runs out for a peer that stalls, not for one that is merely slow: over TLS it also
     * covers the TLS handshake, which a loaded 2-core machine with a cold JIT may take a second or more to finish.
     */
    private static Duration handshakeTimeout(Harness peers) {
        return peers.isTls() ? Duration.ofSeconds(3) : SHORT;
    }

    private static EngineConfig engine(EngineConfig.Builder timeouts) {
        return timeouts.maxFramePayload(Harness.BIG).maxMessageSize(Harness.BIG).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverDropsAClientThatNeverFinishesItsRequest(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.handshakeTimeout(handshakeTimeout(peers)))
            .endpoint("/echo", EchoListener::new));
        Socket socket = peers.socket(server.port());
        socket.getOutputStream().write("GET /echo HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(RawPeer.endsWithoutReply(socket), "server kept a half-sent handshake open");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverDropsAClientThatSaysNothing(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.handshakeTimeout(handshakeTimeout(peers)))
            .endpoint("/echo", EchoListener::new));
        Socket socket = peers.socket(server.port());
        assertTrue(RawPeer.endsWithoutReply(socket), "server kept a silent connection open");
        Await.until(Duration.ofSeconds(5), () -> server.connections().isEmpty(), server.connections()::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientGivesUpOnAServerThatNeverAnswers(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client,
            config -> config.connection(c -> c.handshakeTimeout(handshakeTimeout(peers))));
        Socket socket = rawServer.acceptAndIgnore();
        ExecutionException failure = assertThrows(ExecutionException.class, () -> connecting.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failure.getCause());
        assertTrue(RawPeer.endsWithoutReply(socket), "client kept the connection open");
        client.assertQuiet(Duration.ofMillis(100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void idleServerClosesWithGoingAway(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(engine(EngineConfig.builder().idleTimeout(SHORT))))
            .endpoint("/echo", () -> echo));
        RecordingListener client = new RecordingListener();
        peers.connect(server, client);
        assertEquals(List.of("open", "close 1001 Idle timeout clean=true"), client.untilClose());
        assertEquals(List.of("open", "close 1001 Idle timeout clean=true"), echo.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void idleClientClosesWithGoingAway(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        peers.connect(peers.echoServer(echo).port(), "/echo", client, config -> config
            .connection(c -> c.engine(engine(EngineConfig.builder().idleTimeout(SHORT)))));
        assertEquals(List.of("open", "close 1001 Idle timeout clean=true"), echo.untilClose());
        assertEquals(List.of("open", "close 1001 Idle timeout clean=true"), client.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void keepalivePingsKeepAnAnsweringPeerOpen(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        // the deadline for each Pong is wide: a loaded machine may answer late, and the engine's own tests
        // (with their clock in hand) show that an answer is what resets it
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(
                engine(EngineConfig.builder().pingInterval(Duration.ofMillis(100)).pongTimeout(LONG))))
            .endpoint("/echo", () -> echo));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server, client);
        assertEquals("open", client.next());
        assertEquals("open", echo.next());
        for (int i = 0; i < 5; i++) {
            assertEquals("ping ", client.next());
            assertEquals("pong ", echo.next(), "the client answers each keepalive Ping");
        }
        assertEquals(ReadyState.OPEN, socket.readyState());
        socket.sendText("still here");
        assertEquals("still here", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverDropsAPeerThatMissesThePongDeadline(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(
                engine(EngineConfig.builder().pingInterval(Duration.ofMillis(100)).pongTimeout(SHORT))))
            .endpoint("/echo", () -> echo));
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            RawPeer.Frame ping = raw.readFrame();
            assertEquals(0x89, ping.first());
            assertTrue(raw.awaitsEnd(), "server kept a peer that never answered its Ping");
        }
        assertEquals(List.of("open", "close 1006 No response to keepalive Ping clean=false"), echo.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientDropsAServerThatMissesThePongDeadline(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config
            .connection(c -> c.engine(
                engine(EngineConfig.builder().pingInterval(Duration.ofMillis(100)).pongTimeout(SHORT)))));
        try (RawPeer server = rawServer.accept()) {
            connecting.get(60, TimeUnit.SECONDS);
            RawPeer.Frame ping = server.readFrame();
            assertEquals(0x89, ping.first());
            assertTrue(ping.masked(), "client frames are masked");
            assertTrue(server.awaitsEnd(), "client kept a server that never answered its Ping");
        }
        assertEquals(List.of("open", "close 1006 No response to keepalive Ping clean=false"), client.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverCloseHandshakeTimesOutWhenThePeerNeverAnswers(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(engine(EngineConfig.builder().closeTimeout(SHORT))))
            .endpoint("/echo", () -> echo));
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            CompletableFuture<Void> closing = echo.opened.get(60, TimeUnit.SECONDS).close(4000, "are you there");
            assertEquals(4000, raw.readClose().closeCode());
            assertTrue(raw.awaitsEnd(), "server waited forever for a Close");
            closing.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of("open", "close 1006 Close handshake timed out clean=false"), echo.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientCloseHandshakeTimesOutWhenTheServerNeverAnswers(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config
            .connection(c -> c.engine(engine(EngineConfig.builder().closeTimeout(SHORT)))));
        try (RawPeer server = rawServer.accept()) {
            CompletableFuture<Void> closing = connecting.get(60, TimeUnit.SECONDS).close(1000, "");
            assertEquals(1000, server.readClose().closeCode());
            assertTrue(server.awaitsEnd(), "client waited forever for a Close");
            closing.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of("open", "close 1006 Close handshake timed out clean=false"), client.untilClose());
    }
}
