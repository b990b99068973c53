package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.HttpHandler;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's opening handshake (RFC 6455 §4.2) driven by hand: the test is the client and the transport (a
 * {@link FakeChannel}), on its own thread, with a manual clock.
 */
class ServerHandshakePhaseTest {
    private static final String UPGRADE = "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    private final ManualClock clock = new ManualClock();
    private final ServerRegistry registry = new ServerRegistry(1);
    private final ServerConfig config = ServerConfig.builder().endpoint("/chat", () -> new WebSocket.Listener() { })
        .build();

    @Test
    void upgradeToAKnownEndpointIsAnsweredWith101AndOpens() {
        FakeChannel channel = new FakeChannel();
        Connection connection = connect(config, channel);
        connection.onReceived(ascii("GET /chat?room=1 HTTP/1.1\r\n" + UPGRADE));
        String response = answer(connection);
        // RFC 6455 §1.3: the sample nonce and its accept value
        assertTrue(response.startsWith("HTTP/1.1 101 "), response);
        assertTrue(response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), response);
        assertEquals(ReadyState.OPEN, connection.readyState());
        assertEquals("/chat", connection.uri().getPath());
        assertEquals(List.of(), channel.requests);
    }

    @Test
    void upgradeToAnUnknownPathIsRefusedWith404AndTheConnectionLingersClosed() {
        FakeChannel channel = new FakeChannel();
        Connection connection = connect(config, channel);
        connection.onReceived(ascii("GET /elsewhere HTTP/1.1\r\n" + UPGRADE));
        assertEquals(List.of("closeLingering"), channel.requests, "the client may still be sending");
        assertTrue(answer(connection).startsWith("HTTP/1.1 404 "));
        assertEquals(ReadyState.CONNECTING, connection.readyState());
    }

    @Test
    void plainRequestWithoutAnHttpHandlerIsAnswered426NamingTheProtocol() {
        FakeChannel channel = new FakeChannel();
        Connection connection = connect(config, channel);
        connection.onReceived(ascii("GET /chat HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertEquals(List.of("closeLingering"), channel.requests);
        String response = answer(connection);
        // RFC 6455 §4.2.2: the version the server speaks goes with the 426
        assertTrue(response.startsWith("HTTP/1.1 426 "), response);
        assertTrue(response.contains("Sec-WebSocket-Version: 13\r\n"), response);
    }

    @Test
    void plainRequestIsAnsweredByTheHttpHandlerWithItsBodyFramed() {
        ServerConfig withHandler = ServerConfig.builder().endpoint("/chat", () -> new WebSocket.Listener() { })
            .httpHandler(request -> HttpHandler.Reply.of(200, "text/plain", "fine")).build();
        FakeChannel channel = new FakeChannel();
        Connection connection = connect(withHandler, channel);
        connection.onReceived(ascii("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        String response = answer(connection);
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("Content-Length: 4\r\n") && response.contains("Connection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\nfine"), response);
    }

    @Test
    void upgradePastTheServersLimitIsRefusedWith503() {
        Connection first = connect(config, new FakeChannel());
        first.onReceived(ascii("GET /chat HTTP/1.1\r\n" + UPGRADE));
        FakeChannel channel = new FakeChannel();
        Connection second = connect(config, channel);
        second.onReceived(ascii("GET /chat HTTP/1.1\r\n" + UPGRADE));
        assertTrue(answer(second).startsWith("HTTP/1.1 503 "));
        assertEquals(ReadyState.OPEN, first.readyState());
    }

    @Test
    void bytesAfterARefusedRequestAreReadAndDropped() {
        FakeChannel channel = new FakeChannel();
        Connection connection = connect(config, channel);
        connection.onReceived(ascii("GET /elsewhere HTTP/1.1\r\n" + UPGRADE));
        answer(connection);
        ByteBuffer rest = ascii("more of the client's request body");
        connection.onReceived(rest);
        assertFalse(rest.hasRemaining(), "left unread, the bytes would reset the connection on close");
        assertFalse(connection.hasOutput());
    }

    @Test
    void connectionLeavesTheServersBookWhenItsTransportEnds() {
        Connection connection = connect(config, new FakeChannel());
        connection.onReceived(ascii("GET /chat HTTP/1.1\r\n" + UPGRADE));
        assertEquals(List.of(connection), registry.connections());
        connection.onClosed(null);
        assertEquals(List.of(), registry.connections());
        Connection next = connect(config, new FakeChannel());
        next.onReceived(ascii("GET /chat HTTP/1.1\r\n" + UPGRADE));
        assertTrue(answer(next).startsWith("HTTP/1.1 101 "), "the closed connection still counted against the limit");
    }

    private Connection connect(ServerConfig serverConfig, FakeChannel channel) {
        Connection connection = Connections.server(serverConfig, registry, null, clock);
        connection.onConnected(channel);
        return connection;
    }

    private static String answer(Connection connection) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        connection.produce(out);
        connection.onOutputFlushed();
        return StandardCharsets.US_ASCII.decode(out.flip()).toString();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
