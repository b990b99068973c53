package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handshake of a connection whose 101 its hosting HTTP server wrote (RFC 6455 §4.2.2), driven by hand through
 * a {@link FakeChannel} and a manual clock.
 */
class HostedHandshakePhaseTest {
    private final ManualClock clock = new ManualClock();
    private final FakeChannel channel = new FakeChannel();
    private final List<String> events = new ArrayList<>();

    @Test
    void connectionOpensWhenItsChannelConnectsAndWritesNoHandshake() {
        Connection connection = hosted(accepted(Map.of("user", "ada")));
        assertEquals(ReadyState.CONNECTING, connection.readyState());
        connection.onConnected(channel);
        assertEquals(ReadyState.OPEN, connection.readyState());
        assertEquals(List.of("open"), events);
        assertFalse(connection.hasOutput(), "the host wrote the 101");
        assertEquals("ada", connection.attributes().get("user"));
        assertEquals(Long.MAX_VALUE, channel.timerDeadline, "no handshake deadline after the host's 101");
    }

    @Test
    void channelThatEndsBeforeItConnectsClosesAConnectionThatNeverOpened() {
        Connection connection = hosted(accepted(Map.of()));
        connection.onClosed(null);
        assertEquals(ReadyState.CLOSED, connection.readyState());
        assertTrue(connection.whenClosed().toCompletableFuture().isDone());
        assertEquals(List.of(), events, "the listener heard of a connection that never opened");
    }

    private Connection hosted(UpgradeDecision.Accept accept) {
        return Connections.hosted(accept, recording(), ConnectionSettings.defaults(),
            new EndpointTags("/chat", "test"), clock);
    }

    private static UpgradeDecision.Accept accepted(Map<String, Object> attributes) {
        HandshakeRequest request = HandshakeRequest.get("/chat", HttpHeaders.of("Host", "localhost",
            "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version", "13"));
        UpgradeRequest upgrade = new UpgradeRequest(request, new InetSocketAddress("127.0.0.1", 50_000), false);
        return assertInstanceOf(UpgradeDecision.Accept.class, UpgradeDecision.decide(upgrade,
            ServerHandshakeConfig.defaults(), ignored -> UpgradeHandler.Decision.accept(attributes)));
    }

    private WebSocket.Listener recording() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open");
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                events.add("close " + code);
            }
        };
    }
}
