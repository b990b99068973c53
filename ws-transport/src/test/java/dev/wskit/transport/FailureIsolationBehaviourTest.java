package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An {@link Error} while serving one connection fails that connection alone, on every transport, plain and over
 * TLS: the peer gets 1011 (RFC 6455 §7.4.1), and the same server goes on serving its other connections (the
 * nio transport's event loops survive).
 */
class FailureIsolationBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void errorInAListenerFailsOnlyItsConnectionWith1011(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> new EchoListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                if (text.equals("overflow")) {
                    throw new StackOverflowError("thrown by the test's listener");
                }
                super.onText(socket, text);
            }
        }));
        for (int round = 0; round < 2; round++) {
            try (RawPeer failing = peers.rawClient(server.port(), "/echo")) {
                failing.writeFrame(0x81, "overflow".getBytes(StandardCharsets.UTF_8));
                RawPeer.Frame close = failing.readClose();
                assertEquals(1011, close.closeCode(), close::closeReason);
            }
            try (RawPeer healthy = peers.rawClient(server.port(), "/echo")) {
                healthy.writeFrame(0x81, "still served".getBytes(StandardCharsets.UTF_8));
                assertEquals("still served", healthy.readFrame().text());
                healthy.writeClose(1000, "");
                assertEquals(1000, healthy.readClose().closeCode());
            }
        }
    }
}
