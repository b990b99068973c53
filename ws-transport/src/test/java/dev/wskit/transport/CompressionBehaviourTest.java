package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * permessage-deflate (RFC 7692) on every transport, plain and over TLS: wskit's client and server negotiate it,
 * echo messages of every size through it with and without context takeover on either side, keep on the wire to
 * what they agreed, and fail a peer that sends a decompression bomb, RSV1 on a continuation or corrupt DEFLATE
 * data with the close code RFC 6455 §7.4.1 names.
 */
class CompressionBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    /** The limits of the endpoints that raw peers attack: a few KiB, which a 1 KiB compressed frame blows. */
    private static final int LIMIT = 4096;
    private static final String OFFER = "permessage-deflate";
    private static final String BOTH_RESET =
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
    private static final String PHRASE = "permessage-deflate squeezes words that repeat, κόσμε ✓ 🎉. ";

    private static WebSocketServer deflateServer(Harness peers, DeflateConfig config, WebSocket.Listener endpoint)
        throws Exception {
        return deflateServer(peers, config, Harness.bigLimits(), endpoint);
    }

    private static WebSocketServer deflateServer(Harness peers, DeflateConfig config, EngineConfig limits,
                                                 WebSocket.Listener endpoint) throws Exception {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(config));
        return peers.server(server -> server.connection(c -> c.engine(limits))
            .handshake(ServerHandshakeConfig.builder().extensions(deflate).build())
            .endpoint("/echo", () -> endpoint));
    }

    private static CompletableFuture<WebSocket> deflateClient(Harness peers, int port, DeflateConfig config,
                                                              EngineConfig limits, WebSocket.Listener listener) {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(config));
        return peers.connectAsync(port, "/echo", listener, client -> client.connection(c -> c.engine(limits))
            .handshake(ClientHandshakeConfig.builder().extensions(deflate).build()));
    }

    private static WebSocket deflateClient(Harness peers, int port, DeflateConfig config,
                                           WebSocket.Listener listener) throws Exception {
        return deflateClient(peers, port, config, Harness.bigLimits(), listener).get(60, TimeUnit.SECONDS);
    }

    private static EngineConfig limits() {
        return EngineConfig.builder().maxFramePayload(LIMIT).maxMessageSize(LIMIT).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void echoesCompressibleAndRandomTextAndBinaryOfEverySize(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = deflateServer(peers, DeflateConfig.defaults(), echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), DeflateConfig.defaults(), client);
        // RFC 7692 §7.1.2.2: the browser's offer "permessage-deflate; client_max_window_bits", answered as it is
        // by a server content with 32 KiB windows: no parameters
        assertEquals(OFFER, socket.extensions());
        assertEquals(OFFER, echo.opened.get(60, TimeUnit.SECONDS).extensions());
        Random random = new Random(7692);
        for (int size : new int[] {0, 125, 64 * 1024, 4 << 20}) {
            for (boolean compressible : new boolean[] {true, false}) {
                String what = size + " B of " + (compressible ? "compressible " : "random ");
                byte[] payload = compressible ? compressibleBytes(size) : randomBytes(random, size);
                socket.sendBinary(ByteBuffer.wrap(payload));
                assertArrayEquals(payload, (byte[]) client.nextMessage(), what + "binary");
                String text = compressible ? compressibleText(size) : randomText(random, size);
                assertEquals(size, text.getBytes(StandardCharsets.UTF_8).length);
                socket.sendText(text);
                assertEquals(text, client.nextMessage(), what + "text");
            }
        }
        socket.close(1000, "done").get(60, TimeUnit.SECONDS);
        assertEquals("close 1000 done clean=true", echo.closed.get(60, TimeUnit.SECONDS));
        assertFalse(client.overlapped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void fragmentedSendsArriveWholeBothWays(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = deflateServer(peers, DeflateConfig.defaults(), echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), DeflateConfig.defaults(), client);
        // RFC 7692 §7.2.1: a streamed message is compressed as it goes, each fragment flushed to its frame
        socket.sendText("Hel", false);
        socket.sendText("", false);
        socket.sendText("lo, wörld", true);
        byte[] big = compressibleBytes(300 * 1024);
        for (int offset = 0; offset < big.length; offset += 100 * 1024) {
            socket.sendBinary(ByteBuffer.wrap(big, offset, 100 * 1024), offset + 100 * 1024 == big.length);
        }
        assertEquals("Hello, wörld", echo.nextMessage());
        assertArrayEquals(big, (byte[]) echo.nextMessage());
        assertEquals("Hello, wörld", client.nextMessage());
        assertArrayEquals(big, (byte[]) client.nextMessage());
        WebSocket serverSide = echo.opened.get(60, TimeUnit.SECONDS);
        serverSide.sendText("κό", false);
        serverSide.sendText("σμε", true);
        serverSide.sendBinary(ByteBuffer.wrap(new byte[] {9}), false);
        serverSide.sendBinary(ByteBuffer.allocate(0), false);
        serverSide.sendBinary(ByteBuffer.wrap(new byte[] {8, 7}), true);
        assertEquals("κόσμε", client.nextMessage());
        assertArrayEquals(new byte[] {9, 8, 7}, (byte[]) client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void broadcastIsCompressedByEachConnectionThatKeepsItsWindow(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = deflateServer(peers, DeflateConfig.defaults(), echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), DeflateConfig.defaults(), client);
        String text = wordSoup(2000);
        socket.sendText(text);
        assertEquals(text, client.nextMessage());
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", OFFER)) {
            Await.until(Duration.ofSeconds(60), () -> server.connections().size() == 2,
                () -> "open connections: " + server.connections().size());
            server.broadcast(PreparedMessage.text(text)).get(60, TimeUnit.SECONDS);
            // RFC 7692 §7.1.1: the server keeps each connection's window, so each compresses its own copy
            RawPeer.Frame frame = raw.readFrame();
            assertEquals(0xc1, frame.first(), frame::toString);
            Inflater inflater = new Inflater(true);
            try {
                assertEquals(text, inflate(inflater, frame.payload()));
            } finally {
                inflater.end();
            }
        }
        assertEquals(text, client.nextMessage());
        // the window the client's inflater keeps still matches the server's compressor after the broadcast
        socket.sendText(text);
        assertEquals(text, client.nextMessage());
    }

    static Stream<Arguments> contextTakeover() {
        DeflateConfig defaults = DeflateConfig.defaults();
        DeflateConfig lowMemory = DeflateConfig.lowMemory();
        DeflateConfig resetsOwn = DeflateConfig.builder().ownContextTakeover(false).build();
        DeflateConfig smallWindows = DeflateConfig.builder().ownMaxWindowBits(9).peerMaxWindowBits(10).build();
        return TransportMatrix.crossedWith(List.<Object[]>of(
            new Object[] {"both keep", defaults, defaults, OFFER},
            // RFC 7692 §7.1.1: lowMemory() resets its own window and imposes the same on the peer
            new Object[] {"server lowMemory", lowMemory, defaults, BOTH_RESET},
            new Object[] {"client lowMemory", defaults, lowMemory, BOTH_RESET},
            new Object[] {"both lowMemory", lowMemory, lowMemory, BOTH_RESET},
            new Object[] {"server resets", resetsOwn, defaults, "permessage-deflate; server_no_context_takeover"},
            new Object[] {"client resets", defaults, resetsOwn, "permessage-deflate; client_no_context_takeover"},
            // RFC 7692 §7.1.2: windows of 2^10 (server) and 2^9 (client) bytes, below the messages' size
            new Object[] {"small windows", defaults, smallWindows,
                "permessage-deflate; server_max_window_bits=10; client_max_window_bits=9"}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("contextTakeover")
    void echoesRepeatedMessagesWithTheAgreedContextTakeover(Harness peers, String name, DeflateConfig server,
                                                            DeflateConfig client, String agreed) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer running = deflateServer(peers, server, echo);
        RecordingListener listener = new RecordingListener();
        WebSocket socket = deflateClient(peers, running.port(), client, listener);
        assertEquals(agreed, socket.extensions());
        assertEquals(agreed, echo.opened.get(60, TimeUnit.SECONDS).extensions());
        // the same message again and again: with context takeover each repeat is a back-reference to the last
        String text = compressibleText(20_000);
        byte[] binary = compressibleBytes(3000);
        for (int i = 0; i < 3; i++) {
            socket.sendText(text);
            socket.sendBinary(ByteBuffer.wrap(binary));
            socket.sendText("short " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(text, listener.nextMessage());
            assertArrayEquals(binary, (byte[]) listener.nextMessage());
            assertEquals("short " + i, listener.nextMessage());
        }
        socket.close(1000, "").get(60, TimeUnit.SECONDS);
        assertEquals("close 1000  clean=true", echo.closed.get(60, TimeUnit.SECONDS));
    }

    static Stream<Arguments> serverWindows() {
        return TransportMatrix.crossedWith(List.<Object[]>of(
            new Object[] {"keeps", DeflateConfig.defaults(), OFFER, OFFER, true},
            // RFC 7692 §7.1.1.1: a server that accepts server_no_context_takeover MUST reset its window
            new Object[] {"reset asked", DeflateConfig.defaults(), "permessage-deflate; server_no_context_takeover",
                "permessage-deflate; server_no_context_takeover", false},
            new Object[] {"reset by lowMemory", DeflateConfig.lowMemory(), OFFER, BOTH_RESET, false}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverWindows")
    void serverCompressorKeepsItsWindowOnlyWhenAgreed(Harness peers, String name, DeflateConfig config, String offer,
                                                      String agreed, boolean keeps) throws Exception {
        String text = wordSoup(2000);
        WebSocketServer server = deflateServer(peers, config, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText(text);
                socket.sendText(text);
            }
        });
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", offer)) {
            assertTrue(raw.head().contains("Sec-WebSocket-Extensions: " + agreed + "\r\n"), raw.head());
            assertRepeatedOnTheWire(text, raw.readFrame(), raw.readFrame(), keeps);
        }
    }

    static Stream<Arguments> clientWindows() {
        return TransportMatrix.crossedWith(List.<Object[]>of(
            new Object[] {"keeps", DeflateConfig.defaults(), "permessage-deflate; client_max_window_bits", OFFER, true},
            // RFC 7692 §7.1.1.2: a server may impose client_no_context_takeover on a client that did not ask
            new Object[] {"reset imposed", DeflateConfig.defaults(), "permessage-deflate; client_max_window_bits",
                "permessage-deflate; client_no_context_takeover", false},
            new Object[] {"reset by lowMemory", DeflateConfig.lowMemory(), BOTH_RESET + "; client_max_window_bits",
                BOTH_RESET, false}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientWindows")
    void clientCompressorKeepsItsWindowOnlyWhenAgreed(Harness peers, String name, DeflateConfig config, String offer,
                                                      String answer, boolean keeps) throws Exception {
        RawServer rawServer = peers.rawServer();
        CompletableFuture<WebSocket> connecting = deflateClient(peers, rawServer.port(), config, Harness.bigLimits(),
            new RecordingListener());
        try (RawPeer server = rawServer.acceptWithExtensions(answer)) {
            assertTrue(server.head().contains("Sec-WebSocket-Extensions: " + offer + "\r\n"), server.head());
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            assertEquals(answer, socket.extensions());
            String text = wordSoup(2000);
            socket.sendText(text);
            socket.sendText(text);
            assertRepeatedOnTheWire(text, server.readFrame(), server.readFrame(), keeps);
        }
    }

    /**
     * Checks two compressed frames of the same message: with context takeover the second is a back-reference to
     * the first and inflates only with the first's window; without, both are the same bytes.
     */
    private static void assertRepeatedOnTheWire(String text, RawPeer.Frame first, RawPeer.Frame second,
                                                boolean keeps) throws DataFormatException {
        // RFC 7692 §6: RSV1 marks a compressed message; 0xc1 is FIN, RSV1 and text
        assertEquals(0xc1, first.first(), first::toString);
        assertEquals(0xc1, second.first(), second::toString);
        Inflater inflater = new Inflater(true);
        try {
            assertEquals(text, inflate(inflater, first.payload()));
            if (keeps) {
                assertTrue(second.payload().length < first.payload().length / 10,
                    first.payload().length + " then " + second.payload().length + " bytes");
            } else {
                assertArrayEquals(first.payload(), second.payload());
                inflater.reset();
            }
            assertEquals(text, inflate(inflater, second.payload()));
        } finally {
            inflater.end();
        }
    }

    static Stream<Arguments> clientViolations() {
        byte[] bomb = compress(new byte[1 << 20]);
        int half = bomb.length / 2;
        return TransportMatrix.crossedWith(List.of(
            // RFC 7692 §8.1, RFC 6455 §10.4: 1 MiB of zeros in a 1 KiB frame stops at the message limit
            violation("decompression bomb", 1009, masked(0xc2, bomb)),
            violation("decompression bomb in fragments", 1009,
                masked(0x42, Arrays.copyOf(bomb, half)), masked(0x80, Arrays.copyOfRange(bomb, half, bomb.length))),
            // RFC 7692 §7.2.3.1: "Hello" in two fragments, the second wrongly with RSV1 (§6.1)
            violation("RSV1 on a continuation", 1002, masked(0x41, "f248cd"), masked(0xc0, "c9c90700")),
            // RFC 7692 §6: permessage-deflate defines RSV1 for data messages only
            violation("RSV1 on a Ping", 1002, masked(0xc9, "")),
            violation("RSV2 beside permessage-deflate", 1002, masked(0xa1, "f248cdc9c90700")),
            // RFC 1951 §3.2.3: block type 11 is reserved (error)
            violation("reserved DEFLATE block type", 1007, masked(0xc1, "ff")),
            // RFC 1951 §3.2.4: a stored block's NLEN is the one's complement of its LEN
            violation("stored block with a bad length check", 1007, masked(0xc2, "0005000000"))));
    }

    static Stream<Arguments> serverViolations() {
        byte[] bomb = compress(new byte[1 << 20]);
        return TransportMatrix.crossedWith(List.of(
            violation("decompression bomb", 1009, unmasked(0xc2, bomb)),
            violation("RSV1 on a continuation", 1002, unmasked(0x41, "f248cd"), unmasked(0xc0, "c9c90700")),
            violation("reserved DEFLATE block type", 1007, unmasked(0xc1, "ff"))));
    }

    private static Object[] violation(String name, int code, String... frames) {
        return new Object[] {name, code, String.join("", frames)};
    }

    private static String masked(int first, String payload) {
        return masked(first, HexFormat.of().parseHex(payload));
    }

    private static String masked(int first, byte[] payload) {
        return HexFormat.of().formatHex(RawPeer.encode(first, payload, true));
    }

    private static String unmasked(int first, String payload) {
        return unmasked(first, HexFormat.of().parseHex(payload));
    }

    private static String unmasked(int first, byte[] payload) {
        return HexFormat.of().formatHex(RawPeer.encode(first, payload, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientViolations")
    void serverFailsACompressingClientThatBreaksTheRules(Harness peers, String name, int code, String wire)
        throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = deflateServer(peers, DeflateConfig.defaults(), limits(), echo);
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", OFFER)) {
            assertTrue(raw.head().contains("Sec-WebSocket-Extensions: permessage-deflate\r\n"), raw.head());
            raw.writeHex(wire);
            RawPeer.Frame close = raw.readClose();
            assertEquals(code, close.closeCode(), close::closeReason);
            assertTrue(raw.awaitsEnd(), "server kept the connection of a failed peer");
        }
        List<String> events = echo.untilClose();
        assertEquals(List.of("open", "error ProtocolException"), events.subList(0, 2));
        assertTrue(events.get(2).startsWith("close " + code + " "), events::toString);
        assertTrue(events.get(2).endsWith(" clean=false"), events::toString);
        echo.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverViolations")
    void clientFailsACompressingServerThatBreaksTheRules(Harness peers, String name, int code, String wire)
        throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = deflateClient(peers, rawServer.port(), DeflateConfig.defaults(),
            limits(), client);
        try (RawPeer server = rawServer.acceptWithExtensions(OFFER)) {
            assertEquals(OFFER, connecting.get(60, TimeUnit.SECONDS).extensions());
            server.writeHex(wire);
            RawPeer.Frame close = server.readClose();
            assertEquals(code, close.closeCode(), close::closeReason);
            assertTrue(server.awaitsEnd(), "client kept the connection of a failed server");
        }
        List<String> events = client.untilClose();
        assertEquals(List.of("open", "error ProtocolException"), events.subList(0, 2));
        assertTrue(events.get(2).startsWith("close " + code + " "), events::toString);
        client.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverWithoutTheExtensionGivesAnOfferingClientAPlainConnection(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), DeflateConfig.defaults(), client);
        // RFC 6455 §9.1: the server names no extension, so none is in use
        assertEquals("", socket.extensions());
        assertEquals("", echo.opened.get(60, TimeUnit.SECONDS).extensions());
        assertExchanges(socket, client);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientOfferingNothingGetsAPlainConnectionFromACompressingServer(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = deflateServer(peers, DeflateConfig.defaults(), echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server, client);
        assertEquals("", socket.extensions());
        assertEquals("", echo.opened.get(60, TimeUnit.SECONDS).extensions());
        assertExchanges(socket, client);
    }

    private static void assertExchanges(WebSocket socket, RecordingListener client) throws Exception {
        String text = compressibleText(64 * 1024);
        byte[] binary = compressibleBytes(64 * 1024);
        socket.sendText(text);
        socket.sendBinary(ByteBuffer.wrap(binary));
        assertEquals(text, client.nextMessage());
        assertArrayEquals(binary, (byte[]) client.nextMessage());
        socket.close(1000, "plain").get(60, TimeUnit.SECONDS);
        assertEquals(List.of("open", "text " + text.length() + " chars", "binary 65536", "close 1000 plain clean=true"),
            client.untilClose());
    }

    /** Keeps the compressing helper honest: "Hello" comes out as in RFC 7692 §7.2.3.1, byte for byte. */
    @Test
    void compressedHelloMatchesTheRfcExample() {
        assertEquals("f248cdc9c90700", HexFormat.of().formatHex(compress("Hello".getBytes(StandardCharsets.UTF_8))));
    }

    /** Compresses a message as RFC 7692 §7.2.1 says: DEFLATE, flushed, with the final 00 00 ff ff removed. */
    static byte[] compress(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int written;
            do {
                written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, written);
            } while (written == buffer.length);
            byte[] flushed = out.toByteArray();
            return Arrays.copyOf(flushed, flushed.length - 4);
        } finally {
            deflater.end();
        }
    }

    /** Decompresses a message as RFC 7692 §7.2.2 says: 00 00 ff ff appended, then DEFLATE. */
    static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int written;
        do {
            written = inflater.inflate(buffer);
            out.write(buffer, 0, written);
        } while (written > 0);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Bytes that DEFLATE shrinks well: a short phrase again and again. */
    static byte[] compressibleBytes(int size) {
        byte[] phrase = PHRASE.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = phrase[i % phrase.length];
        }
        return bytes;
    }

    static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Text of exactly {@code size} UTF-8 bytes that DEFLATE shrinks well. */
    static String compressibleText(int size) {
        int[] codePoints = PHRASE.codePoints().toArray();
        int[] next = {0};
        return textOf(size, () -> codePoints[next[0]++ % codePoints.length]);
    }

    /** Text of exactly {@code size} UTF-8 bytes of random code points, one to four bytes each. */
    static String randomText(Random random, int size) {
        return textOf(size, () -> switch (random.nextInt(4)) {
            case 0 -> 0x20 + random.nextInt(0x5f);
            case 1 -> 0x80 + random.nextInt(0x780);
            case 2 -> {
                int codePoint = 0x800 + random.nextInt(0xf800 - 0x800);
                yield codePoint >= 0xd800 ? codePoint + 0x800 : codePoint; // no surrogates
            }
            default -> 0x10000 + random.nextInt(0x100000);
        });
    }

    /** Text made of random words: repeats enough to compress to about half, not so much as to vanish. */
    static String wordSoup(int size) {
        String[] words = {"frame ", "mask ", "deflate ", "window ", "κόσμε ", "close ", "ping ", "opcode "};
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000)).append(' ');
        }
        return text.toString();
    }

    private static String textOf(int size, IntSupplier codePoints) {
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < size) {
            int codePoint = codePoints.getAsInt();
            int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > size) {
                codePoint = '.';
                length = 1;
            }
            text.appendCodePoint(codePoint);
            bytes += length;
        }
        return text.toString();
    }
}
