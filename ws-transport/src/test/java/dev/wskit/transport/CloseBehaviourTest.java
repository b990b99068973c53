package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The close handshake from either side, and connections that end without one (RFC 6455 §7). */
class CloseBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientCloseReachesServerWithCodeAndReason(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        socket.close(4000, "bye").get(60, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        assertEquals("close 4000 bye clean=true", echo.closed.get(60, TimeUnit.SECONDS));
        assertEquals("close 4000 bye clean=true", client.closed.get(60, TimeUnit.SECONDS));
        assertEquals(1, client.closeCount.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverCloseReachesClientWithCodeAndReason(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        peers.connect(peers.echoServer(echo), client);
        WebSocket serverSide = echo.opened.get(60, TimeUnit.SECONDS);
        serverSide.close(4001, "server says bye ✓").get(60, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, serverSide.readyState());
        assertEquals(List.of("open", "close 4001 server says bye ✓ clean=true"), client.untilClose());
        assertEquals(List.of("open", "close 4001 server says bye ✓ clean=true"), echo.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void closeWhileStreamingAMessageCompletesTheHandshakeWithoutItsLastFragment(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        socket.sendText("the first half", false).get(60, TimeUnit.SECONDS);
        // RFC 6455 §5.5.1: no data follows a Close, so the message is never finished: the Close must not wait for it
        socket.close(1000, "changed my mind").get(60, TimeUnit.SECONDS);
        assertEquals("close 1000 changed my mind clean=true", echo.closed.get(60, TimeUnit.SECONDS));
        assertEquals("close 1000 changed my mind clean=true", client.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void closeWithoutCodeIsReportedAs1005(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        socket.close().get(60, TimeUnit.SECONDS);
        // RFC 6455 §7.1.5: a Close frame without a status code is reported as 1005, which is never sent
        assertEquals("close 1005  clean=true", echo.closed.get(60, TimeUnit.SECONDS));
        assertEquals("close 1005  clean=true", client.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void closeValidatesCodeAndReasonAsTheBrowserDoes(Harness peers) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()), client);
        for (int code : new int[] {999, 1001, 1005, 1006, 1015, 2999, 5000}) {
            assertThrows(IllegalArgumentException.class, () -> socket.close(code, ""), "code " + code);
        }
        assertThrows(IllegalArgumentException.class, () -> socket.close(1000, "x".repeat(124)));
        assertThrows(IllegalArgumentException.class, () -> socket.close(1000, "é".repeat(62)));
        assertEquals(ReadyState.OPEN, socket.readyState());
        socket.close(4999, "x".repeat(123)).get(60, TimeUnit.SECONDS);
        assertEquals("close 4999 " + "x".repeat(123) + " clean=true", client.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void messagesQueuedBeforeCloseAreDeliveredFirst(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), new RecordingListener());
        for (int i = 0; i < 20; i++) {
            socket.sendText("m" + i);
        }
        socket.close(1000, "after the messages");
        List<String> events = echo.untilClose();
        assertEquals(22, events.size(), events::toString);
        assertEquals("text m19", events.get(20));
        assertEquals("close 1000 after the messages clean=true", events.get(21));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void simultaneousClosesEndCleanlyOnBothSides(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        WebSocket serverSide = echo.opened.get(60, TimeUnit.SECONDS);
        CompletableFuture<Void> clientClosed = socket.close(4000, "client");
        CompletableFuture<Void> serverClosed = serverSide.close(4001, "server");
        CompletableFuture.allOf(clientClosed, serverClosed).get(60, TimeUnit.SECONDS);
        assertTrue(client.untilClose().getLast().matches("close 400[01] (client|server) clean=true"));
        assertTrue(echo.untilClose().getLast().matches("close 400[01] (client|server) clean=true"));
        client.assertQuietAfterClose();
        echo.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverStopSendsGoingAway(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        peers.connect(server, client);
        server.stop();
        assertEquals("close 1001 Server stopping clean=true", client.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverClosesTheTcpConnectionFirst(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            raw.writeClose(1000, "bye");
            RawPeer.Frame reply = raw.readClose();
            assertEquals(1000, reply.closeCode());
            assertEquals("bye", reply.closeReason());
            // RFC 6455 §7.1.1: the server SHOULD close the TCP connection first; this peer never does
            assertTrue(raw.awaitsEnd(), "server kept the TCP connection open");
        }
        assertEquals("close 1000 bye clean=true", echo.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverClosesTheTcpConnectionAfterItsOwnCloseIsAnswered(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            echo.opened.get(60, TimeUnit.SECONDS).close(4002, "");
            assertEquals(4002, raw.readClose().closeCode());
            raw.writeClose(4002, "");
            assertTrue(raw.awaitsEnd(), "server kept the TCP connection open");
        }
        assertEquals("close 4002  clean=true", echo.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientEndsTheTcpConnectionWhenTheServerLingers(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config
            .connection(c -> c.engine(Harness.bigLimits().toBuilder().closeTimeout(Duration.ofSeconds(1)).build())));
        try (RawPeer server = rawServer.accept()) {
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            socket.close(1000, "done");
            RawPeer.Frame close = server.readClose();
            assertTrue(close.masked(), "client frames are masked");
            assertEquals(1000, close.closeCode());
            server.writeClose(1000, "done");
            assertEquals("close 1000 done clean=true", client.closed.get(60, TimeUnit.SECONDS));
            // RFC 6455 §7.1.1: the client waits for the server to close TCP, then gives up and closes it itself
            assertTrue(server.awaitsEnd(), "client never closed the lingering connection");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void peerThatVanishesIsReportedAs1006OnBothSides(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        echo.opened.get(60, TimeUnit.SECONDS);
        socket.abort();
        // RFC 6455 §7.1.5: without a Close frame the code is 1006, reported locally and never sent
        List<String> clientEvents = client.untilClose();
        assertTrue(clientEvents.getLast().matches("close 1006 .* clean=false"), clientEvents::toString);
        List<String> serverEvents = echo.untilClose();
        assertTrue(serverEvents.getLast().matches("close 1006 .* clean=false"), serverEvents::toString);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        client.assertQuietAfterClose();
        echo.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverAbortIsReportedAs1006ByTheClient(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        peers.connect(peers.echoServer(echo), client);
        echo.opened.get(60, TimeUnit.SECONDS).abort();
        assertTrue(client.closed.get(60, TimeUnit.SECONDS).matches("close 1006 .* clean=false"), client.closed::join);
        assertTrue(echo.closed.get(60, TimeUnit.SECONDS).matches("close 1006 .* clean=false"), echo.closed::join);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void protocolErrorIsReportedAsOneErrorThenOneClose(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            raw.writeHex("810548656c6c6f"); // RFC 6455 §5.7: an unmasked "Hello", which a client must not send
            assertEquals(1002, raw.readClose().closeCode());
        }
        List<String> events = echo.untilClose();
        assertEquals(3, events.size(), events::toString);
        assertEquals("open", events.get(0));
        assertEquals("error ProtocolException", events.get(1));
        assertTrue(events.get(2).matches("close 1002 .* clean=false"), events::toString);
        echo.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void listenerThatThrowsFailsTheConnectionWith1011(Harness peers) throws Exception {
        RecordingListener server = new RecordingListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                throw new IllegalStateException("application bug");
            }
        };
        WebSocketServer running = peers.server(config -> config.endpoint("/echo", () -> server));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(running, client);
        socket.sendText("boom");
        assertEquals(List.of("open", "close 1011 Internal error clean=true"), client.untilClose());
        assertEquals(List.of("open", "error IllegalStateException", "close 1011 Internal error clean=true"),
            server.untilClose());
        server.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void anyCodeValidOnTheWireMayBeSentButNoneReservedForReports(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(echo), client);
        for (int reserved : List.of(1004, 1005, 1006, 1015, 2999, 5000)) {
            // RFC 6455 §7.4.1: 1005, 1006 and 1015 MUST NOT be set as a status code in a Close frame
            assertThrows(IllegalArgumentException.class, () -> socket.close(CloseCode.of(reserved), ""),
                Integer.toString(reserved));
        }
        assertThrows(IllegalArgumentException.class, () -> socket.close(1001, "a browser may not"));
        socket.close(CloseCode.GOING_AWAY, "moving on").get(60, TimeUnit.SECONDS);
        assertEquals("close 1001 moving on clean=true", client.closed.get(60, TimeUnit.SECONDS));
        assertEquals("close 1001 moving on clean=true", echo.closed.get(60, TimeUnit.SECONDS));
    }
}
