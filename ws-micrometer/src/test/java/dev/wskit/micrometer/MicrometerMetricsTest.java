package dev.wskit.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MicrometerMetrics} counts a real server's and client's connections in a {@link SimpleMeterRegistry}:
 * messages, bytes and sizes by direction, closes by code (RFC 6455 §7.4), rejections by status (§4.2.2), Ping
 * round trips (§5.5.2), compression (RFC 7692 §7.2) and open connections, all tagged by endpoint and transport
 * only.
 */
class MicrometerMetricsTest {
    private final SimpleMeterRegistry serverRegistry = new SimpleMeterRegistry();
    private final SimpleMeterRegistry clientRegistry = new SimpleMeterRegistry();
    private final Echo echo = new Echo();
    private WebSocketServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = WebSocketServer.start(ServerConfig.builder().transport(Transports.nio())
            .endpoint("/echo", () -> echo)
            .connection(c -> c.metrics(new MicrometerMetrics(serverRegistry))).build());
    }

    @AfterEach
    void stopServer() {
        server.stop(Duration.ofSeconds(1));
    }

    @Test
    void echoedMessagesAndTheCloseAreCountedByDirectionAndCode() throws Exception {
        Recorder client = new Recorder();
        WebSocket socket = connect("/echo", client).get(60, TimeUnit.SECONDS);
        socket.sendText("one").get(60, TimeUnit.SECONDS);
        socket.sendText("two").get(60, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.allocate(10)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            client.messages.poll(60, TimeUnit.SECONDS);
        }
        assertEquals(1.0, serverRegistry.get("wskit.connections.open").tag("endpoint", "/echo")
            .tag("transport", "nio").gauge().value());
        socket.close(4000, "done").get(60, TimeUnit.SECONDS);
        assertEquals("4000 done true", echo.closed.get(60, TimeUnit.SECONDS));

        assertEquals(2.0, count(serverRegistry, "wskit.messages", "direction", "in", "type", "text"));
        assertEquals(1.0, count(serverRegistry, "wskit.messages", "direction", "in", "type", "binary"));
        assertEquals(2.0, count(serverRegistry, "wskit.messages", "direction", "out", "type", "text"));
        assertEquals(16.0, count(serverRegistry, "wskit.message.bytes", "direction", "in"));
        assertEquals(16.0, count(serverRegistry, "wskit.message.bytes", "direction", "out"));
        assertEquals(3, serverRegistry.get("wskit.message.size").tag("direction", "in").summary().count());
        assertEquals(10.0, serverRegistry.get("wskit.message.size").tag("direction", "in").summary().max());
        assertEquals(1.0, count(serverRegistry, "wskit.closes", "code", "4000", "initiator", "remote",
            "clean", "true"));
        assertEquals(1.0, count(serverRegistry, "wskit.connections.opened"));
        assertEquals(1, serverRegistry.get("wskit.connection.lifetime").timer().count());
        assertEquals(0.0, serverRegistry.get("wskit.connections.open").gauge().value());
        assertEquals(0.0, serverRegistry.get("wskit.send.queued").gauge().value());
        assertTrue(serverRegistry.getMeters().stream().allMatch(meter -> "/echo".equals(meter.getId().getTag("endpoint"))
            && "nio".equals(meter.getId().getTag("transport"))), "every meter is tagged by endpoint and transport");
    }

    @Test
    void compressionCountsBytesByStageAndRecordsEachMessagesRatio() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConnectionMetrics endpoint = new MicrometerMetrics(registry).forEndpoint(new EndpointTags("/feed", "nio"));
        // RFC 7692 §7.2.1: 64 KiB of text sent as 1 KiB; §6: 100 bytes sent uncompressed; an empty message
        endpoint.onCompressed(65536, 1024);
        endpoint.onCompressed(100, 100);
        endpoint.onCompressed(0, 1);
        endpoint.onInflated(2048, 65536);
        assertEquals(65636.0,
            count(registry, "wskit.compression.bytes", "direction", "out", "stage", "uncompressed"));
        assertEquals(1125.0, count(registry, "wskit.compression.bytes", "direction", "out", "stage", "compressed"));
        assertEquals(2048.0, count(registry, "wskit.compression.bytes", "direction", "in", "stage", "compressed"));
        assertEquals(65536.0, count(registry, "wskit.compression.bytes", "direction", "in", "stage", "uncompressed"));
        DistributionSummary out = registry.get("wskit.compression.ratio").tag("direction", "out").summary();
        assertEquals(2, out.count(), "the empty message has no ratio");
        assertEquals(1.0 / 64 + 1.0, out.totalAmount(), 1e-9);
        assertEquals(1.0 / 32, registry.get("wskit.compression.ratio").tag("direction", "in").summary().max(), 1e-9);
        assertTrue(registry.getMeters().stream().allMatch(meter -> meter.getId().getTags().size() <= 4
            && "/feed".equals(meter.getId().getTag("endpoint"))), "tagged by endpoint, transport and no more");
    }

    @Test
    void requestForNoEndpointIsCountedAsRejectedWith404() {
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> connect("/nowhere", new Recorder()).get(60, TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("404"), failed.getCause()::toString);
        assertEquals(1.0, count(serverRegistry, "wskit.handshakes.rejected", "endpoint", "unmatched",
            "status", "404"));
        assertEquals(1.0, count(clientRegistry, "wskit.handshakes.rejected", "endpoint", "/nowhere",
            "status", "404"));
    }

    @Test
    void pingRoundTripIsTimedWhenItsPongArrives() throws Exception {
        Recorder client = new Recorder();
        WebSocket socket = connect("/echo", client).get(60, TimeUnit.SECONDS);
        socket.ping(ByteBuffer.wrap(new byte[] {7})).get(60, TimeUnit.SECONDS);
        client.pong.get(60, TimeUnit.SECONDS);
        assertEquals(1, clientRegistry.get("wskit.ping.rtt").tag("endpoint", "/echo").timer().count());
        socket.close(1000, "").get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<WebSocket> connect(String path, WebSocket.Listener listener) {
        ClientConfig config = ClientConfig.builder().transport(Transports.nio())
            .connection(c -> c.metrics(new MicrometerMetrics(clientRegistry))).build();
        return WebSocketClient.create(config).connect(URI.create("ws://localhost:" + server.port() + path), listener);
    }

    private static double count(SimpleMeterRegistry registry, String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    /** Echoes every message and reports its close. */
    private static final class Echo implements WebSocket.Listener {
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onText(WebSocket socket, String text) {
            socket.offerText(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.offerBinary(data);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.complete(code + " " + reason + " " + wasClean);
        }
    }

    /** Keeps what a client receives. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Void> pong = new CompletableFuture<>();

        @Override
        public void onText(WebSocket socket, String text) {
            messages.add(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            messages.add(data.remaining());
        }

        @Override
        public void onPong(WebSocket socket, ByteBuffer data) {
            pong.complete(null);
        }
    }
}
