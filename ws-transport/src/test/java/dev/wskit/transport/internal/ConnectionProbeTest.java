package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.Initiator;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server connection's measurements, driven by hand with a manual clock: Ping round trips and lifetimes are
 * exact, and the initiator of the end follows who closed (RFC 6455 §5.5.2, §7.1.2, §7.1.5).
 */
class ConnectionProbeTest {
    private final List<String> heard = new ArrayList<>();
    private final List<ClosedConnection> closes = new ArrayList<>();
    private final WebSocketMetrics metrics = tags -> new ConnectionMetrics() {
        @Override
        public void onOpened(WebSocket connection) {
            heard.add("opened " + tags.path());
        }

        @Override
        public void onMessageReceived(Opcode type, long bytes) {
            heard.add("in " + type + " " + bytes);
        }

        @Override
        public void onPingRoundTrip(long nanos) {
            heard.add("rtt " + Duration.ofNanos(nanos).toMillis() + " ms");
        }

        @Override
        public void onClosed(WebSocket connection, ClosedConnection closed) {
            closes.add(closed);
            heard.add("closed " + closed.code() + " " + closed.initiator());
        }
    };

    @Test
    void keepalivePingIsTimedToItsPongAndTheLifetimeToTheClose() {
        DrivenServer server = new DrivenServer(config -> config.metrics(metrics).engine(
            EngineConfig.builder().pingInterval(Duration.ofSeconds(20)).build())).open();
        long openedAt = server.clock.nanoTime();
        server.fireTimer();
        assertEquals(List.of("PING"), server.write());
        server.clock.advance(Duration.ofMillis(30));
        server.receiveFrame(Opcode.PONG, new byte[0]);
        server.receiveText("hé");
        server.clock.advance(Duration.ofSeconds(1));
        server.receiveClose(4000, "bye");
        assertEquals(List.of("CLOSE 4000 bye"), server.write());

        assertEquals(List.of("opened /chat", "rtt 30 ms", "in TEXT 3", "closed 4000 REMOTE"), heard);
        assertEquals(server.clock.nanoTime() - openedAt, closes.get(0).lifetime().toNanos());
    }

    @Test
    void connectionAbortedHereEndsLocallyAndOneLostEndsRemotely() {
        DrivenServer aborted = new DrivenServer(config -> config.metrics(metrics)).open();
        aborted.connection.abort();
        aborted.connection.onClosed(new IOException("aborted"));
        DrivenServer lost = new DrivenServer(config -> config.metrics(metrics)).open();
        lost.connection.onClosed(new IOException("reset"));

        assertEquals(List.of("opened /chat", "closed 1006 LOCAL", "opened /chat", "closed 1006 REMOTE"), heard);
        assertEquals(Initiator.LOCAL, closes.get(0).initiator());
    }

    @Test
    void closeStartedHereEndsLocallyEvenWhenThePeerAnswers() {
        DrivenServer server = new DrivenServer(config -> config.metrics(metrics)).open();
        server.connection.close(1000, "done");
        assertEquals(List.of("CLOSE 1000 done"), server.write());
        server.receiveClose(1000, "done");

        assertEquals(List.of("opened /chat", "closed 1000 LOCAL"), heard);
        assertTrue(closes.get(0).wasClean());
    }
}
