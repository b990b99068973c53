package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.handshake.AcceptKey;
import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The client's opening handshake (RFC 6455 §4.1) driven by hand: the test is the transport (a {@link FakeChannel})
 * and the server, and moves the clock; every step runs on the test's thread.
 */
class ClientHandshakePhaseTest {
    private final ManualClock clock = new ManualClock();
    private final FakeChannel channel = new FakeChannel();
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    private final List<String> events = new ArrayList<>();
    private final List<Integer> heads = new ArrayList<>();
    private final ClientHandshake handshake = ClientHandshake.start(URI.create("ws://localhost/chat"));
    private final ClientHandshakePhase phase = new ClientHandshakePhase(handshake, recording(), opened,
        response -> heads.add(response.status()));
    private final Connection connection = Connections.client(ClientConfig.builder()
        .connection(settings -> settings.handshakeTimeout(Duration.ofSeconds(5))).build(), phase, clock);

    @Test
    void connectingWritesTheUpgradeRequestBeforeAnything() {
        connection.onConnected(channel);
        assertTrue(channel.writeRequested, "the request asked for a write");
        String request = ascii(produce());
        assertTrue(request.startsWith("GET /chat HTTP/1.1\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n"), request);
        assertEquals(ReadyState.CONNECTING, connection.readyState());
        assertEquals(List.of(), events, "the listener hears nothing while connecting");
    }

    @Test
    void switchingProtocolsOpensTheConnectionAndKeepsTheFrameThatCameWithIt() {
        connection.onConnected(channel);
        produce();
        ByteBuffer frame = ByteBuffer.allocate(16);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.TEXT, ByteBuffer.wrap(bytes("hi")), frame);
        byte[] head = bytes(switchingProtocols());
        connection.onReceived(ByteBuffer.allocate(head.length + frame.flip().remaining()).put(head).put(frame).flip());

        assertSame(connection, opened.getNow(null));
        assertEquals(ReadyState.OPEN, connection.readyState());
        assertEquals(List.of("open", "text hi"), events);
        assertEquals(List.of(101), heads, "the response head was heard before it was verified");
        assertFalse(phase.abandon(), "abandoned after the 101 was accepted");
    }

    @Test
    void refusalFailsTheConnectWithItsStatusAndBodyAndAbortsTheSocket() {
        connection.onConnected(channel);
        produce();
        connection.onReceived(ByteBuffer.wrap(bytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 7\r\n\r\nno")));
        assertFalse(opened.isDone(), "failed before the announced body arrived");
        connection.onReceived(ByteBuffer.wrap(bytes(" entry")));

        ExecutionException failure = assertThrows(ExecutionException.class, opened::get);
        HandshakeException refused = assertInstanceOf(HandshakeException.class, failure.getCause());
        assertEquals(403, refused.status());
        assertEquals("no entr", new String(refused.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("abort"), channel.requests);
        assertEquals(List.of(), events);
    }

    @Test
    void connectAbandonedBeforeTheTransportConnectedIsAbortedOnConnect() {
        assertTrue(phase.abandon());
        connection.onConnected(channel);
        assertEquals(List.of("abort"), channel.requests);
        assertFalse(connection.hasOutput(), "a request was written for an abandoned connect");
    }

    @Test
    void switchingProtocolsAfterTheConnectWasAbandonedAbortsWithoutOpening() {
        connection.onConnected(channel);
        produce();
        assertTrue(phase.abandon());
        connection.onReceived(ByteBuffer.wrap(bytes(switchingProtocols())));
        assertEquals(List.of("abort"), channel.requests);
        assertEquals(ReadyState.CONNECTING, connection.readyState());
        assertEquals(List.of(), events, "onOpen after a successful abandonment");
    }

    @Test
    void handshakeWithoutAnAnswerFailsAtItsDeadlineWithTheTimeoutNamed() {
        connection.onConnected(channel);
        produce();
        clock.advanceTo(channel.timerDeadline);
        connection.onTimer(clock.nanoTime());

        ExecutionException failure = assertThrows(ExecutionException.class, opened::get);
        SocketTimeoutException timeout = assertInstanceOf(SocketTimeoutException.class, failure.getCause());
        assertEquals("Opening handshake timed out after 5000 ms", timeout.getMessage());
        assertEquals(List.of("abort"), channel.requests);
        assertEquals(ReadyState.CLOSED, connection.readyState());
    }

    @Test
    void preparedMessageIsRefusedBecauseEveryClientFrameNeedsAFreshMask() {
        connection.onConnected(channel);
        produce();
        connection.onReceived(ByteBuffer.wrap(bytes(switchingProtocols())));
        // RFC 6455 §5.3: a client masks each frame with a new key, which a shared prepared frame cannot have
        assertFalse(connection.offer(PreparedMessage.text("shared")));
        assertEquals(0, connection.bufferedAmount());
    }

    private String switchingProtocols() {
        String key = handshake.request().headers().first("Sec-WebSocket-Key").orElseThrow();
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + AcceptKey.derive(key) + "\r\n\r\n";
    }

    private ByteBuffer produce() {
        channel.writeRequested = false;
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        connection.produce(out);
        connection.onOutputFlushed();
        return out.flip();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String ascii(ByteBuffer bytes) {
        return StandardCharsets.US_ASCII.decode(bytes).toString();
    }

    private WebSocket.Listener recording() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open");
            }

            @Override
            public void onText(WebSocket socket, String text) {
                events.add("text " + text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                events.add("close " + code);
            }
        };
    }
}
