package dev.wskit.micrometer;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One endpoint's meters: those of the hot paths (messages) resolved once here, those tagged by a close code or
 * status looked up in the registry when the rare event comes.
 */
final class EndpointMeters implements ConnectionMetrics {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();
    private final Counter opened;
    private final Counter textIn;
    private final Counter binaryIn;
    private final Counter textOut;
    private final Counter binaryOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final DistributionSummary sizeIn;
    private final DistributionSummary sizeOut;
    private final Counter plainOut;
    private final Counter compressedOut;
    private final Counter compressedIn;
    private final Counter plainIn;
    private final DistributionSummary ratioOut;
    private final DistributionSummary ratioIn;
    private final Counter pauses;
    private final Timer pingRoundTrip;
    private final Timer lifetime;
    private final DistributionSummary highWater;

    EndpointMeters(MeterRegistry registry, EndpointTags endpoint) {
        this.registry = registry;
        this.tags = Tags.of("endpoint", endpoint.path(), "transport", endpoint.transport());
        Gauge.builder("wskit.connections.open", open, Set::size).tags(tags)
            .description("WebSocket connections open now").register(registry);
        Gauge.builder("wskit.send.queued", open, EndpointMeters::queuedBytes).tags(tags).baseUnit("bytes")
            .description("Bytes waiting in the open connections' send queues").register(registry);
        this.opened = Counter.builder("wskit.connections.opened").tags(tags)
            .description("WebSocket opening handshakes completed").register(registry);
        this.textIn = messages("in", "text");
        this.binaryIn = messages("in", "binary");
        this.textOut = messages("out", "text");
        this.binaryOut = messages("out", "binary");
        this.bytesIn = bytes("in");
        this.bytesOut = bytes("out");
        this.sizeIn = sizes("in");
        this.sizeOut = sizes("out");
        this.plainOut = compression("out", "uncompressed");
        this.compressedOut = compression("out", "compressed");
        this.compressedIn = compression("in", "compressed");
        this.plainIn = compression("in", "uncompressed");
        this.ratioOut = ratio("out");
        this.ratioIn = ratio("in");
        this.pauses = Counter.builder("wskit.send.pauses").tags(tags)
            .description("Send queues that reached their high watermark").register(registry);
        this.pingRoundTrip = Timer.builder("wskit.ping.rtt").tags(tags)
            .description("From a Ping's queueing to the Pong").register(registry);
        this.lifetime = Timer.builder("wskit.connection.lifetime").tags(tags)
            .description("From the opening handshake to the close").register(registry);
        this.highWater = DistributionSummary.builder("wskit.send.queue.high.water").tags(tags).baseUnit("bytes")
            .description("Each closed connection's fullest send queue").register(registry);
    }

    private Counter messages(String direction, String type) {
        return Counter.builder("wskit.messages").tags(tags).tag("direction", direction).tag("type", type)
            .description("WebSocket messages").register(registry);
    }

    private Counter bytes(String direction) {
        return Counter.builder("wskit.message.bytes").tags(tags).tag("direction", direction).baseUnit("bytes")
            .description("WebSocket message payload bytes").register(registry);
    }

    private DistributionSummary sizes(String direction) {
        return DistributionSummary.builder("wskit.message.size").tags(tags).tag("direction", direction)
            .baseUnit("bytes").description("WebSocket message sizes").register(registry);
    }

    private Counter compression(String direction, String stage) {
        return Counter.builder("wskit.compression.bytes").tags(tags).tag("direction", direction).tag("stage", stage)
            .baseUnit("bytes").description("Message payload bytes before and after permessage-deflate")
            .register(registry);
    }

    private DistributionSummary ratio(String direction) {
        return DistributionSummary.builder("wskit.compression.ratio").tags(tags).tag("direction", direction)
            .description("Each message's compressed size over its uncompressed size").register(registry);
    }

    private static double queuedBytes(Set<WebSocket> connections) {
        long queued = 0;
        for (WebSocket connection : connections) {
            queued += connection.bufferedAmount();
        }
        return queued;
    }

    @Override
    public void onOpened(WebSocket connection) {
        open.add(connection);
        opened.increment();
    }

    @Override
    public void onHandshakeRejected(int status) {
        Counter.builder("wskit.handshakes.rejected").tags(tags).tag("status", Integer.toString(status))
            .description("WebSocket upgrade requests refused").register(registry).increment();
    }

    @Override
    public void onMessageReceived(Opcode type, long bytes) {
        (type == Opcode.TEXT ? textIn : binaryIn).increment();
        bytesIn.increment(bytes);
        sizeIn.record(bytes);
    }

    @Override
    public void onMessageSent(Opcode type, long bytes) {
        (type == Opcode.TEXT ? textOut : binaryOut).increment();
        bytesOut.increment(bytes);
        sizeOut.record(bytes);
    }

    @Override
    public void onCompressed(long uncompressed, long compressed) {
        plainOut.increment(uncompressed);
        compressedOut.increment(compressed);
        recordRatio(ratioOut, uncompressed, compressed);
    }

    @Override
    public void onInflated(long compressed, long uncompressed) {
        compressedIn.increment(compressed);
        plainIn.increment(uncompressed);
        recordRatio(ratioIn, uncompressed, compressed);
    }

    /** An empty message has no ratio: it is left out of the summary. */
    private static void recordRatio(DistributionSummary ratio, long uncompressed, long compressed) {
        if (uncompressed > 0) {
            ratio.record((double) compressed / uncompressed);
        }
    }

    @Override
    public void onProtocolError(int closeCode) {
        Counter.builder("wskit.protocol.errors").tags(tags).tag("code", Integer.toString(closeCode))
            .description("WebSocket connections failed on the peer's data").register(registry).increment();
    }

    @Override
    public void onSendPaused(WebSocket connection, long queuedBytes) {
        pauses.increment();
    }

    @Override
    public void onPingRoundTrip(long nanos) {
        pingRoundTrip.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onClosed(WebSocket connection, ClosedConnection closed) {
        open.remove(connection);
        Counter.builder("wskit.closes").tags(tags).tag("code", Integer.toString(closed.code()))
            .tag("initiator", closed.initiator().name().toLowerCase(Locale.ROOT))
            .tag("clean", Boolean.toString(closed.wasClean()))
            .description("WebSocket connections closed").register(registry).increment();
        lifetime.record(closed.lifetime());
        highWater.record(closed.sendQueueHighWater());
    }
}
