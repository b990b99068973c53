package dev.wskit.transport.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.internal.FakeChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hosted upgrade driven by hand: the test is the host, which parsed the request, writes the 101 itself and moves
 * the bytes through a recording channel, on the test's thread.
 */
class HostedUpgradeTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50_000);

    private final List<String> events = new ArrayList<>();
    private final FakeChannel channel = new FakeChannel();
    private final FrameEncoder clientFrames = new FrameEncoder(Role.CLIENT);

    @Test
    void acceptedRequestCarriesTheAcceptKeyOfRfc6455() {
        HostedUpgrade.Accepted accepted = accept(new HostedUpgrade(ServerHandshakeConfig.defaults(),
            UpgradeHandler.ACCEPT_ALL, ConnectionSettings.defaults(), "test"), request());
        // RFC 6455 §1.3: the sample nonce and its accept value
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accepted.headers().first("Sec-WebSocket-Accept").orElseThrow());
        assertEquals("websocket", accepted.headers().first("Upgrade").orElseThrow());
        assertEquals(101, accepted.response().status());
    }

    @Test
    void openedHandlerWritesNoHandshakeAndEchoesFrames() {
        ConnectionHandler handler = accept(defaultUpgrade(), request()).open(echo());
        handler.onConnected(channel);
        assertEquals(List.of("open"), events);
        assertFalse(handler.hasOutput(), "the host wrote the 101: nothing is owed before a frame");

        handler.onReceived(clientFrame(Opcode.TEXT, "hello"));
        assertTrue(channel.writeRequested, "the echo asked for a write");
        assertEquals(List.of("TEXT hello"), describe(produce(handler)));
        assertEquals(List.of("open", "text hello"), events);
    }

    @Test
    void upgradeHandlerAttributesReachTheSocket() {
        HostedUpgrade upgrade = new HostedUpgrade(ServerHandshakeConfig.defaults(),
            request -> UpgradeHandler.Decision.accept(Map.of("user", "ada")), ConnectionSettings.defaults(), "test");
        ConnectionHandler handler = accept(upgrade, request()).open(echo());
        handler.onConnected(channel);
        assertEquals("ada", ((WebSocket) handler).attributes().get("user"));
        assertEquals("/chat", ((WebSocket) handler).uri().getPath());
    }

    @Test
    void requestWithoutKeyIsRefusedWith400() {
        HandshakeRequest noKey = HandshakeRequest.get("/chat", HttpHeaders.of("Host", "localhost",
            "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13"));
        HostedUpgrade.Refused refused = assertInstanceOf(HostedUpgrade.Refused.class,
            defaultUpgrade().evaluate(new UpgradeRequest(noKey, PEER, false)));
        assertEquals(400, refused.status());
        assertFalse(refused.headers().contains("Content-Length"), "the host frames the body");
    }

    @Test
    void applicationRefusalKeepsItsStatusAndHeaders() {
        HostedUpgrade upgrade = new HostedUpgrade(ServerHandshakeConfig.defaults(),
            request -> UpgradeHandler.Decision.refuse(401, HttpHeaders.of("WWW-Authenticate", "Bearer"), "no"),
            ConnectionSettings.defaults(), "test");
        HostedUpgrade.Refused refused = assertInstanceOf(HostedUpgrade.Refused.class,
            upgrade.evaluate(new UpgradeRequest(request(), PEER, false)));
        assertEquals(401, refused.status());
        assertEquals("Bearer", refused.headers().first("WWW-Authenticate").orElseThrow());
        assertEquals("text/plain; charset=utf-8", refused.headers().first("Content-Type").orElseThrow());
        assertEquals("no", new String(refused.body(), StandardCharsets.UTF_8));
    }

    @Test
    void permessageDeflateIsNegotiatedAsWskitsServerNegotiatesIt() {
        HostedUpgrade upgrade = new HostedUpgrade(ServerHandshakeConfig.builder()
            .extensions(PerMessageDeflate.withDefaults()).build(), UpgradeHandler.ACCEPT_ALL,
            ConnectionSettings.defaults(), "test");
        HandshakeRequest offering = HandshakeRequest.get("/chat", HttpHeaders.of("Host", "localhost",
            "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version", "13", "Sec-WebSocket-Extensions", "permessage-deflate"));
        HostedUpgrade.Accepted accepted = accept(upgrade, offering);
        String agreed = accepted.headers().first("Sec-WebSocket-Extensions").orElseThrow();
        assertTrue(agreed.startsWith("permessage-deflate"), agreed);
        ConnectionHandler handler = accepted.open(echo());
        handler.onConnected(channel);
        assertEquals(agreed, ((WebSocket) handler).extensions());
    }

    @Test
    void unmaskedFrameFromTheClientFailsTheConnectionWith1002() {
        ConnectionHandler handler = accept(defaultUpgrade(), request()).open(echo());
        handler.onConnected(channel);
        ByteBuffer unmasked = ByteBuffer.allocate(16);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.TEXT, ByteBuffer.wrap(new byte[] {'x'}), unmasked);
        handler.onReceived(unmasked.flip());
        // RFC 6455 §5.1: a server MUST close the connection upon receiving an unmasked frame
        assertEquals(List.of("CLOSE 1002"), describe(produce(handler)));
        handler.onOutputFlushed();
        assertEquals(List.of("close"), channel.requests);
        handler.onClosed(null);
        assertEquals("close 1002", events.get(events.size() - 1));
    }

    @Test
    void acceptedUpgradeOpensOnce() {
        HostedUpgrade.Accepted accepted = accept(defaultUpgrade(), request());
        accepted.open(echo());
        assertThrows(IllegalStateException.class, () -> accepted.open(echo()));
        HostedUpgrade.Accepted discarded = accept(defaultUpgrade(), request());
        discarded.discard();
        assertThrows(IllegalStateException.class, () -> discarded.open(echo()));
    }

    private static HostedUpgrade defaultUpgrade() {
        return new HostedUpgrade(ServerHandshakeConfig.defaults(), UpgradeHandler.ACCEPT_ALL,
            ConnectionSettings.defaults(), "test");
    }

    private static HandshakeRequest request() {
        return HandshakeRequest.get("/chat?room=1", HttpHeaders.of("Host", "localhost", "Upgrade", "websocket",
            "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13"));
    }

    private static HostedUpgrade.Accepted accept(HostedUpgrade upgrade, HandshakeRequest request) {
        return assertInstanceOf(HostedUpgrade.Accepted.class, upgrade.evaluate(new UpgradeRequest(request, PEER,
            false)));
    }

    private ByteBuffer clientFrame(Opcode opcode, String text) {
        ByteBuffer frame = ByteBuffer.allocate(text.length() + 14);
        clientFrames.encode(true, 0, opcode, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), frame);
        return frame.flip();
    }

    private ByteBuffer produce(ConnectionHandler handler) {
        channel.writeRequested = false;
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        handler.produce(out);
        return out.flip();
    }

    /** Describes unmasked server frames of under 126 bytes: "TEXT hello", "CLOSE 1002". */
    private static List<String> describe(ByteBuffer frames) {
        List<String> described = new ArrayList<>();
        while (frames.hasRemaining()) {
            Opcode opcode = Opcode.lookup(frames.get() & 0b1111);
            byte[] payload = new byte[frames.get() & 0b0111_1111];
            frames.get(payload);
            if (opcode == Opcode.TEXT) {
                described.add("TEXT " + new String(payload, StandardCharsets.UTF_8));
            } else if (opcode == Opcode.CLOSE) {
                described.add("CLOSE " + ((payload[0] & 0xff) << 8 | payload[1] & 0xff));
            } else {
                described.add(opcode.name());
            }
        }
        return described;
    }

    private WebSocket.Listener echo() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open");
            }

            @Override
            public void onText(WebSocket socket, String text) {
                events.add("text " + text);
                socket.sendText(text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                events.add("close " + code);
            }
        };
    }
}
