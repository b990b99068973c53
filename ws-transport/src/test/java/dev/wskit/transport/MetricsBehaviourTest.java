package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.Initiator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metrics SPI hears each connection's life on every transport: opening, messages both ways, rejected
 * handshakes, protocol failures by close code, send-queue pauses, Ping round trips and the close, with who
 * started it (RFC 6455 §4, §5.5.2, §7).
 */
class MetricsBehaviourTest {
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void echoIsCountedOnBothSidesAndTheCloseNamesItsInitiator(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        RecordingMetrics clientMetrics = new RecordingMetrics();
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> echo)
            .connection(c -> c.metrics(serverMetrics)));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client,
            config -> config.connection(c -> c.metrics(clientMetrics)));
        socket.sendText("héllo ✓ 😀").get(60, TimeUnit.SECONDS);
        assertEquals("open", client.next());
        assertEquals("text héllo ✓ 😀", client.next());
        socket.close(4000, "bye").get(60, TimeUnit.SECONDS);

        String at = "/echo@" + peers.transport() + " ";
        assertEquals(at + "opened", serverMetrics.next());
        assertEquals(at + "in TEXT 15", serverMetrics.next());
        assertEquals(at + "out TEXT 15", serverMetrics.next());
        assertEquals(at + "closed 4000 REMOTE clean=true", serverMetrics.next());
        assertEquals(at + "opened", clientMetrics.next());
        assertEquals(at + "out TEXT 15", clientMetrics.next());
        assertEquals(at + "in TEXT 15", clientMetrics.next());
        assertEquals(at + "closed 4000 LOCAL clean=true", clientMetrics.next());
        ClosedConnection closed = clientMetrics.lastClosed.get();
        assertEquals("bye", closed.reason());
        assertTrue(closed.bytesIn() > 15 && closed.bytesOut() > 15, closed::toString);
        assertTrue(!closed.lifetime().isNegative(), closed::toString);
        assertEquals("", serverMetrics.remaining() + clientMetrics.remaining());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void requestForNoEndpointIsRejectedUnderTheUnmatchedPath(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        RecordingMetrics clientMetrics = new RecordingMetrics();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", EchoListener::new)
            .connection(c -> c.metrics(serverMetrics)));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> peers.connect(server.port(),
            "/nowhere", new RecordingListener(), config -> config.connection(c -> c.metrics(clientMetrics))));
        assertTrue(failed.getCause().getMessage().contains("404"), failed.getCause()::toString);
        assertEquals(EndpointTags.UNMATCHED + "@" + peers.transport() + " rejected 404", serverMetrics.next());
        assertEquals("/nowhere@" + peers.transport() + " rejected 404", clientMetrics.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void protocolErrorIsCountedByItsCloseCodeAndTheCloseIsLocal(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", EchoListener::new)
            .connection(c -> c.metrics(serverMetrics)));
        RawPeer peer = peers.rawClient(server.port(), "/echo");
        // RFC 6455 §5.1: a server MUST fail the connection on an unmasked frame from a client
        peer.write(RawPeer.encode(0x81, new byte[] {'x'}, false));
        byte[] close = peer.readClose().payload();
        assertEquals(1002, (close[0] & 0xff) << 8 | close[1] & 0xff);
        String at = "/echo@" + peers.transport() + " ";
        assertEquals(at + "opened", serverMetrics.next());
        assertEquals(at + "error 1002", serverMetrics.next());
        assertTrue(serverMetrics.next().startsWith(at + "closed 1002 LOCAL"));
        assertEquals(Initiator.LOCAL, serverMetrics.lastClosed.get().initiator());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void sendQueuePausesAtItsHighWatermarkAndResumesWhenDrained(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        RecordingListener side = new RecordingListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side)
            .connection(c -> c.metrics(serverMetrics).backpressure(Backpressure.defaults()
                .withMaxBuffered(64 << 20).withWatermarks(64 << 10, 256 << 10))));
        RawPeer peer = peers.rawClient(server.port(), "/");
        WebSocket socket = side.opened.get(60, TimeUnit.SECONDS);
        ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
        long sent = 0;
        while (socket.isWritable()) {
            assertTrue(socket.offerBinary(chunk));
            sent += chunk.remaining();
        }
        String at = "/@" + peers.transport() + " ";
        assertEquals(at + "opened", serverMetrics.next());
        serverMetrics.skipTo(at + "paused");
        long read = 0;
        while (read < sent) {
            read += peer.readFrame().payload().length;
        }
        serverMetrics.skipTo(at + "resumed");
        assertTrue(serverMetrics.lastClosed.get() == null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void pingsOfTheApplicationAndOfTheKeepaliveHaveTheirRoundTripsMeasured(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        RecordingMetrics clientMetrics = new RecordingMetrics();
        EngineConfig keepalive = Harness.bigLimits().toBuilder().pingInterval(Duration.ofMillis(50)).build();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", EchoListener::new)
            .connection(c -> c.metrics(serverMetrics).engine(keepalive)));
        WebSocket socket = peers.connect(server.port(), "/echo", new RecordingListener(),
            config -> config.connection(c -> c.metrics(clientMetrics)));
        socket.ping(ByteBuffer.wrap(new byte[] {1, 2})).get(60, TimeUnit.SECONDS);
        String at = "/echo@" + peers.transport() + " ";
        clientMetrics.skipTo(at + "rtt true");
        serverMetrics.skipTo(at + "rtt true");
    }
}
