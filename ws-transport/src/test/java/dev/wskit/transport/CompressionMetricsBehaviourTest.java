package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metrics SPI hears each message's payload before and after permessage-deflate (RFC 7692 §7.2.1, §7.2.2)
 * on every transport: the sender its compression, the receiver the same pair inverted.
 */
class CompressionMetricsBehaviourTest {
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final int SIZE = 64 * 1024;

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void echoedCompressibleTextIsReportedCompressedBySenderAndInflatedByReceiver(Harness peers) throws Exception {
        RecordingMetrics serverMetrics = new RecordingMetrics();
        RecordingMetrics clientMetrics = new RecordingMetrics();
        EchoListener echo = new EchoListener();
        PerMessageDeflate serverDeflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> echo)
            .handshake(ServerHandshakeConfig.builder().extensions(serverDeflate).build())
            .connection(c -> c.engine(Harness.bigLimits()).metrics(serverMetrics)));
        PerMessageDeflate clientDeflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client, config -> config
            .handshake(ClientHandshakeConfig.builder().extensions(clientDeflate).build())
            .connection(c -> c.engine(Harness.bigLimits()).metrics(clientMetrics)));
        String text = "compression metrics ".repeat(SIZE / 20) + "0123456789abcdef";
        assertEquals(SIZE, text.length());
        socket.sendText(text).get(60, TimeUnit.SECONDS);
        assertEquals("open", client.next());
        assertEquals(text, client.nextMessage());
        socket.close(1000, "").get(60, TimeUnit.SECONDS);

        String at = "/echo@" + peers.transport() + " ";
        assertEquals(at + "opened", clientMetrics.next());
        assertEquals(at + "out TEXT " + SIZE, clientMetrics.next());
        long sent = wellCompressed(clientMetrics.next(), at + "compressed " + SIZE + " ", "");
        long echoed = wellCompressed(clientMetrics.next(), at + "inflated ", " " + SIZE);
        assertEquals(at + "in TEXT " + SIZE, clientMetrics.next());
        assertEquals(at + "opened", serverMetrics.next());
        assertEquals(at + "inflated " + sent + " " + SIZE, serverMetrics.next());
        assertEquals(at + "in TEXT " + SIZE, serverMetrics.next());
        assertEquals(at + "out TEXT " + SIZE, serverMetrics.next());
        assertEquals(at + "compressed " + SIZE + " " + echoed, serverMetrics.next());
        clientMetrics.skipTo(at + "closed 1000 LOCAL clean=true");
        serverMetrics.skipTo(at + "closed 1000 REMOTE clean=true");
        assertEquals("", serverMetrics.remaining() + clientMetrics.remaining());
    }

    /** Returns the compressed size an event names between a prefix and a suffix, checked to be a small fraction. */
    private static long wellCompressed(String event, String prefix, String suffix) {
        assertTrue(event.startsWith(prefix) && event.endsWith(suffix), event);
        long compressed = Long.parseLong(event.substring(prefix.length(), event.length() - suffix.length()));
        assertTrue(compressed > 0 && compressed < SIZE / 10, event);
        return compressed;
    }
}
