package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a server owes a peer goes out in the order the peer's frames asked for it, on every transport: the
 * application's replies to messages received before a Close or a failure precede the server's Close (RFC 6455
 * §5.5.1 lets an endpoint send data until its own Close), and every Ping gets its own Pong, in order (§5.5.2),
 * however many arrive together, with reading held back instead of Pongs dropped.
 */
class ReplyOrderBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    private static byte[] masked(int first, String text) {
        return RawPeer.encode(first, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private static byte[] masked(int first, byte[] payload) {
        return RawPeer.encode(first, payload, true);
    }

    private static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            all.writeBytes(frame);
        }
        return all.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void echoOfAMessageGoesOutBeforeTheFailureThatFollowsItInTheSameRead(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            // a valid text, then a reserved opcode (RFC 6455 §5.2), then a text that must never be processed
            raw.write(concat(masked(0x81, "Hello"), masked(0x83, ""), masked(0x81, "late")));
            RawPeer.Frame first = raw.readFrame();
            assertEquals(0x1, first.opcode(), first::toString);
            assertEquals("Hello", first.text());
            RawPeer.Frame close = raw.readFrame();
            assertEquals(0x8, close.opcode(), close::toString);
            assertEquals(1002, close.closeCode(), close::closeReason);
            assertTrue(raw.awaitsEnd(), "server kept the connection of a failed peer");
        }
        List<String> events = echo.untilClose();
        assertEquals(List.of("open", "text Hello", "error ProtocolException"), events.subList(0, 3));
        assertTrue(events.get(3).startsWith("close 1002 "), events::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientsEchoGoesOutBeforeTheFailureThatFollowsItInTheSameRead(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        EchoListener client = new EchoListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config);
        try (RawPeer server = rawServer.accept()) {
            connecting.get(60, TimeUnit.SECONDS);
            byte[] hello = "Hello".getBytes(StandardCharsets.UTF_8);
            // RFC 6455 §5.2: opcode 0x3 is reserved
            server.write(concat(RawPeer.encode(0x81, hello, false), RawPeer.encode(0x83, new byte[0], false),
                RawPeer.encode(0x81, "late".getBytes(StandardCharsets.UTF_8), false)));
            RawPeer.Frame echo = server.readFrame();
            assertEquals("Hello", echo.text(), echo::toString);
            assertTrue(echo.masked(), "client frames are always masked");
            RawPeer.Frame close = server.readFrame();
            assertEquals(0x8, close.opcode(), close::toString);
            assertEquals(1002, close.closeCode(), close::closeReason);
            assertTrue(server.awaitsEnd(), "client kept the connection of a failed server");
        }
        List<String> events = client.untilClose();
        assertEquals(List.of("open", "text Hello", "error ProtocolException"), events.subList(0, 3));
        assertTrue(events.get(3).startsWith("close 1002 "), events::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void echoOfAMessageGoesOutBeforeTheReplyToACloseRightBehindIt(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            byte[] body = {0x03, (byte) 0xe8};
            raw.write(concat(masked(0x81, "one"), masked(0x82, new byte[] {1, 2, 3}), masked(0x88, body)));
            RawPeer.Frame text = raw.readFrame();
            assertEquals("one", text.text(), text::toString);
            RawPeer.Frame binary = raw.readFrame();
            assertEquals(0x2, binary.opcode(), binary::toString);
            assertArrayEquals(new byte[] {1, 2, 3}, binary.payload());
            RawPeer.Frame close = raw.readFrame();
            assertEquals(0x8, close.opcode(), close::toString);
            assertEquals(1000, close.closeCode());
            assertTrue(raw.awaitsEnd(), "server did not close the TCP connection after the close handshake");
        }
        assertEquals(List.of("open", "text one", "binary 3", "close 1000  clean=true"), echo.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void closeAfterAThousandRoundTripsIsAnsweredAndTheConnectionEnds(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            byte[] payload = new byte[16];
            for (int i = 0; i < 1000; i++) {
                payload[0] = (byte) i;
                raw.write(masked(0x82, payload));
                RawPeer.Frame reply = raw.readFrame();
                assertEquals(0x2, reply.opcode(), reply::toString);
                assertArrayEquals(payload, reply.payload(), "echo " + i);
            }
            raw.writeClose(1000, "");
            RawPeer.Frame close = raw.readFrame();
            assertEquals(0x8, close.opcode(), close::toString);
            assertEquals(1000, close.closeCode());
            assertTrue(raw.awaitsEnd(), "server did not close the TCP connection after the close handshake");
        }
        assertEquals("close 1000  clean=true", echo.closed.get(60, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void tenPingsInOneWriteGetTenPongsInOrder(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 10; i++) {
                pings.writeBytes(masked(0x89, "ping " + i));
            }
            raw.write(pings.toByteArray());
            for (int i = 0; i < 10; i++) {
                RawPeer.Frame pong = raw.readFrame();
                assertEquals(0xA, pong.opcode(), pong::toString);
                assertEquals("ping " + i, pong.text());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void pingFloodFromAPeerThatIsNotReadingIsAnsweredPongForPongOnceItReads(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        int count = 50_000;
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            // far more Pongs than socket buffers hold: the server must stop reading rather than drop Pongs
            CompletableFuture<Void> flooding = CompletableFuture.runAsync(() -> {
                try {
                    for (int batch = 0; batch < count; batch += 1000) {
                        ByteArrayOutputStream pings = new ByteArrayOutputStream();
                        for (int i = batch; i < batch + 1000; i++) {
                            pings.writeBytes(masked(0x89, new byte[] {(byte) (i >> 16), (byte) (i >> 8), (byte) i}));
                        }
                        raw.write(pings.toByteArray());
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < count; i++) {
                RawPeer.Frame pong = raw.readFrame();
                assertEquals(0xA, pong.opcode(), pong::toString);
                assertEquals(HexFormat.of().formatHex(new byte[] {(byte) (i >> 16), (byte) (i >> 8), (byte) i}),
                    HexFormat.of().formatHex(pong.payload()), "Pong " + i);
            }
            flooding.get(60, TimeUnit.SECONDS);
        }
    }
}
