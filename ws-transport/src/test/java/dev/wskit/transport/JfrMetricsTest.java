package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.metrics.JfrMetrics;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JfrMetrics} records a connection's open and close, a rejected handshake and a protocol failure as
 * Flight Recorder events with their fields (RFC 6455 §4.2.2, §7.1.7, §7.4), read back from a live stream.
 */
class JfrMetricsTest {
    private static final String[] EVENTS = {"wskit.ConnectionOpened", "wskit.ConnectionClosed",
        "wskit.HandshakeRejected", "wskit.ProtocolError", "wskit.Backpressure"};

    private final Harness peers = new Harness("nio", false);
    private final BlockingQueue<RecordedEvent> recorded = new LinkedBlockingQueue<>();
    private RecordingStream stream;
    private WebSocketServer server;

    @BeforeEach
    void startRecordingAndServer() throws Exception {
        stream = new RecordingStream();
        for (String name : EVENTS) {
            stream.enable(name);
            stream.onEvent(name, recorded::add);
        }
        stream.setMaxAge(Duration.ofMinutes(1));
        stream.startAsync();
        server = peers.server(config -> config.endpoint("/echo", EchoListener::new)
            .connection(c -> c.metrics(JfrMetrics.instance())));
    }

    @AfterEach
    void stop() throws Exception {
        peers.close();
        stream.close();
    }

    @Test
    void echoConnectionClosedWith4000IsRecordedFromOpenToClose() throws Exception {
        WebSocket socket = peers.connect(server.port(), "/echo", new RecordingListener(), config -> config);
        socket.sendText("hello").get(60, TimeUnit.SECONDS);
        socket.close(4000, "done").get(60, TimeUnit.SECONDS);

        RecordedEvent opened = next("wskit.ConnectionOpened");
        assertEquals("/echo", opened.getString("path"));
        assertEquals("nio", opened.getString("transport"));
        RecordedEvent closed = next("wskit.ConnectionClosed");
        assertEquals("/echo", closed.getString("path"));
        assertEquals(4000, closed.getInt("code"));
        assertEquals("done", closed.getString("reason"));
        assertEquals("REMOTE", closed.getString("initiator"));
        assertTrue(closed.getBoolean("wasClean"));
        assertTrue(closed.getLong("bytesIn") > "hello".length(), closed::toString);
        assertTrue(closed.getLong("bytesOut") > "hello".length(), closed::toString);
        assertTrue(!closed.getDuration("lifetime").isNegative(), closed::toString);
    }

    @Test
    void handshakeForNoEndpointIsRecordedWith404() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> peers.connect(server.port(), "/nowhere", new RecordingListener(), config -> config));
        assertTrue(failed.getCause().getMessage().contains("404"), failed.getCause()::toString);
        RecordedEvent rejected = next("wskit.HandshakeRejected");
        assertEquals(404, rejected.getInt("status"));
        assertEquals("unmatched", rejected.getString("path"));
        assertEquals("nio", rejected.getString("transport"));
    }

    @Test
    void unmaskedFrameFromARawPeerIsRecordedAsProtocolError1002() throws Exception {
        RawPeer peer = peers.rawClient(server.port(), "/echo");
        // RFC 6455 §5.1: a server MUST fail the connection on an unmasked frame from a client
        peer.write(RawPeer.encode(0x81, new byte[] {'x'}, false));
        byte[] close = peer.readClose().payload();
        assertEquals(1002, (close[0] & 0xff) << 8 | close[1] & 0xff);
        RecordedEvent error = next("wskit.ProtocolError");
        assertEquals(1002, error.getInt("code"));
        assertEquals("/echo", error.getString("path"));
        RecordedEvent closed = next("wskit.ConnectionClosed");
        assertEquals(1002, closed.getInt("code"));
        assertEquals("LOCAL", closed.getString("initiator"));
    }

    /** Takes the next recorded event of a type, skipping others, failing when none comes within a minute. */
    private RecordedEvent next(String name) throws InterruptedException {
        while (true) {
            RecordedEvent event = recorded.poll(60, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("No " + name + " recorded within 60 s");
            }
            if (event.getEventType().getName().equals(name)) {
                return event;
            }
        }
    }
}
