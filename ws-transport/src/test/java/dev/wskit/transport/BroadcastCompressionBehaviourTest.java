package dev.wskit.transport;

import static dev.wskit.transport.CompressionBehaviourTest.compressibleBytes;
import static dev.wskit.transport.CompressionBehaviourTest.inflate;
import static dev.wskit.transport.CompressionBehaviourTest.wordSoup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broadcasts and uncompressed sends over permessage-deflate (RFC 7692) on every transport, plain and over TLS:
 * a prepared message is compressed once for all connections whose server resets its window (§7.1.1.1) with
 * the same window (§7.1.2.1), so they receive identical bytes; connections that keep the server's window get
 * it compressed by their own compressor, in order with their other messages; connections without the extension
 * get it plain; and a message sent with {@link Compression#NONE} goes out with RSV1 clear (§6) and arrives
 * intact.
 */
class BroadcastCompressionBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String OFFER = "permessage-deflate";
    private static final String RESET = "permessage-deflate; server_no_context_takeover";
    private static final String RESET_WINDOW_10 = RESET + "; server_max_window_bits=10";
    /** RFC 7692 §6: FIN, RSV1 (compressed) and the opcode. */
    private static final int COMPRESSED_TEXT = 0xc1;
    private static final int PLAIN_TEXT = 0x81;
    private static final int PLAIN_BINARY = 0x82;

    /** A server endpoint that answers "again" with the test's text and "raw" with uncompressed messages. */
    private static final class Scripted extends RecordingListener {
        final String text = wordSoup(3000);
        final byte[] binary = compressibleBytes(5000);

        @Override
        public void onText(WebSocket socket, String message) {
            super.onText(socket, message);
            switch (message) {
                case "again" -> socket.sendText(text);
                case "raw" -> {
                    socket.sendBinary(ByteBuffer.wrap(binary), Compression.NONE);
                    socket.sendText(text, Compression.NONE);
                    socket.sendText(text);
                }
                default -> throw new AssertionError("unexpected " + message);
            }
        }
    }

    private static WebSocketServer deflateServer(Harness peers, WebSocket.Listener endpoint) throws Exception {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        return peers.server(server -> server
            .handshake(ServerHandshakeConfig.builder().extensions(deflate).build())
            .endpoint("/echo", () -> endpoint));
    }

    private static CompletableFuture<WebSocket> deflateClient(Harness peers, int port, RecordingListener listener) {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        return peers.connectAsync(port, "/echo", listener, client -> client
            .handshake(ClientHandshakeConfig.builder().extensions(deflate).build()));
    }

    private static void awaitConnections(WebSocketServer server, int count) throws InterruptedException {
        Await.until(Duration.ofSeconds(60), () -> server.connections().size() == count,
            () -> "open connections: " + server.connections().size());
    }

    private static String inflateAlone(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            return inflate(inflater, payload);
        } finally {
            inflater.end();
        }
    }

    private static void writeText(RawPeer raw, String text) throws Exception {
        raw.writeFrame(PLAIN_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientsWhoseServerResetsItsWindowShareOneCompressionPerWindow(Harness peers) throws Exception {
        WebSocketServer server = deflateServer(peers, new Scripted());
        List<RawPeer> resetting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            resetting.add(peers.rawClient(server.port(), "/echo", RESET));
        }
        RawPeer smallWindow = peers.rawClient(server.port(), "/echo", RESET_WINDOW_10);
        assertTrue(smallWindow.head().contains("server_max_window_bits=10"), smallWindow.head());
        RawPeer plain = peers.rawClient(server.port(), "/echo");
        awaitConnections(server, 5);
        String text = wordSoup(3000);
        PreparedMessage message = PreparedMessage.text(text);
        server.broadcast(message).get(60, TimeUnit.SECONDS);

        byte[] shared = null;
        for (RawPeer raw : resetting) {
            RawPeer.Frame frame = raw.readFrame();
            assertEquals(COMPRESSED_TEXT, frame.first(), frame::toString);
            if (shared == null) {
                shared = frame.payload();
                assertTrue(shared.length < text.length() * 2 / 3, shared.length + " of " + text.length() + " bytes");
            }
            // RFC 7692 §7.1.1.1: from an empty window the bytes are the same on every such connection
            assertArrayEquals(shared, frame.payload());
            assertEquals(text, inflateAlone(frame.payload()));
        }
        RawPeer.Frame windowed = smallWindow.readFrame();
        assertEquals(COMPRESSED_TEXT, windowed.first(), windowed::toString);
        // RFC 7692 §7.1.2.1: a 2^10-byte window is another compression, decodable with it
        assertFalse(Arrays.equals(shared, windowed.payload()), "window 10 got the 32 KiB window's bytes");
        assertEquals(text, inflateAlone(windowed.payload()));
        RawPeer.Frame uncompressed = plain.readFrame();
        assertEquals(PLAIN_TEXT, uncompressed.first(), uncompressed::toString);
        assertEquals(text, uncompressed.text());
        assertEquals(2, message.encodedForms(), "compressions of the broadcast");

        // RFC 7692 §6: below the threshold (64 bytes) a broadcast goes plain, as a normal send would
        server.broadcast(PreparedMessage.text("tiny")).get(60, TimeUnit.SECONDS);
        for (RawPeer raw : List.of(resetting.get(0), resetting.get(1), resetting.get(2), smallWindow, plain)) {
            RawPeer.Frame frame = raw.readFrame();
            assertEquals(PLAIN_TEXT, frame.first(), frame::toString);
            assertEquals("tiny", frame.text());
            raw.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientsThatKeepTheServersWindowGetTheBroadcastCompressedInOrderWithTheirOtherMessages(Harness peers)
        throws Exception {
        Scripted endpoint = new Scripted();
        WebSocketServer server = deflateServer(peers, endpoint);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), client).get(60, TimeUnit.SECONDS);
        assertEquals(OFFER, socket.extensions());
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", OFFER)) {
            awaitConnections(server, 2);
            socket.sendText("again");
            writeText(raw, "again");
            assertEquals(endpoint.text, client.nextMessage());
            RawPeer.Frame first = raw.readFrame();
            server.broadcast(PreparedMessage.text(endpoint.text)).get(60, TimeUnit.SECONDS);
            RawPeer.Frame broadcast = raw.readFrame();
            socket.sendText("again");
            writeText(raw, "again");
            RawPeer.Frame last = raw.readFrame();
            assertEquals(endpoint.text, client.nextMessage());
            assertEquals(endpoint.text, client.nextMessage());
            // RFC 7692 §7.1.1: the connection's own compressor, whose window holds the first message, so the
            // broadcast is a back-reference to it, and the message after it refers back in turn
            Inflater inflater = new Inflater(true);
            try {
                for (RawPeer.Frame frame : List.of(first, broadcast, last)) {
                    assertEquals(COMPRESSED_TEXT, frame.first(), frame::toString);
                    assertEquals(endpoint.text, inflate(inflater, frame.payload()));
                }
            } finally {
                inflater.end();
            }
            assertTrue(broadcast.payload().length < first.payload().length / 10,
                first.payload().length + " then " + broadcast.payload().length + " bytes");
        }
        socket.close(1000, "").get(60, TimeUnit.SECONDS);
        assertFalse(client.overlapped);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverMessagesSentUncompressedHaveRsv1ClearAndArriveIntact(Harness peers) throws Exception {
        Scripted endpoint = new Scripted();
        WebSocketServer server = deflateServer(peers, endpoint);
        RecordingListener client = new RecordingListener();
        WebSocket socket = deflateClient(peers, server.port(), client).get(60, TimeUnit.SECONDS);
        socket.sendText("raw");
        assertArrayEquals(endpoint.binary, (byte[]) client.nextMessage());
        assertEquals(endpoint.text, client.nextMessage());
        assertEquals(endpoint.text, client.nextMessage());
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", OFFER)) {
            writeText(raw, "raw");
            RawPeer.Frame binary = raw.readFrame();
            assertEquals(PLAIN_BINARY, binary.first(), binary::toString);
            assertArrayEquals(endpoint.binary, binary.payload());
            RawPeer.Frame text = raw.readFrame();
            assertEquals(PLAIN_TEXT, text.first(), text::toString);
            assertEquals(endpoint.text, text.text());
            // the uncompressed messages never touched the compressor: the first compressed one starts afresh
            RawPeer.Frame compressed = raw.readFrame();
            assertEquals(COMPRESSED_TEXT, compressed.first(), compressed::toString);
            assertEquals(endpoint.text, inflateAlone(compressed.payload()));
            awaitConnections(server, 2);
            server.broadcast(PreparedMessage.binary(ByteBuffer.wrap(endpoint.binary), Compression.NONE))
                .get(60, TimeUnit.SECONDS);
            RawPeer.Frame prepared = raw.readFrame();
            assertEquals(PLAIN_BINARY, prepared.first(), prepared::toString);
            assertArrayEquals(endpoint.binary, prepared.payload());
        }
        assertArrayEquals(endpoint.binary, (byte[]) client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientMessagesSentUncompressedHaveRsv1ClearAndAreMasked(Harness peers) throws Exception {
        RawServer rawServer = peers.rawServer();
        CompletableFuture<WebSocket> connecting = deflateClient(peers, rawServer.port(), new RecordingListener());
        try (RawPeer server = rawServer.acceptWithExtensions(OFFER)) {
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            byte[] payload = compressibleBytes(2000);
            String text = wordSoup(2000);
            socket.sendBinary(ByteBuffer.wrap(payload), Compression.NONE);
            socket.sendText(text, Compression.NONE);
            socket.sendText(text, Compression.AUTO);
            RawPeer.Frame binary = server.readFrame();
            assertEquals(PLAIN_BINARY, binary.first(), binary::toString);
            assertTrue(binary.masked(), "RFC 6455 §5.3: a client masks every frame");
            assertArrayEquals(payload, binary.payload());
            RawPeer.Frame plain = server.readFrame();
            assertEquals(PLAIN_TEXT, plain.first(), plain::toString);
            assertEquals(text, plain.text());
            RawPeer.Frame compressed = server.readFrame();
            assertEquals(COMPRESSED_TEXT, compressed.first(), compressed::toString);
            assertEquals(text, inflateAlone(compressed.payload()));
        }
    }
}
