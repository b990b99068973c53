package dev.wskit.benchmarks;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.util.concurrent.atomic.LongAdder;

/**
 * Metrics that count every message and its bytes each way in {@link LongAdder}s, as a Micrometer counter does:
 * the per-message cost of a metrics binding, without depending on one.
 */
final class CountingMetrics implements WebSocketMetrics, ConnectionMetrics {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();

    @Override
    public ConnectionMetrics forEndpoint(EndpointTags tags) {
        return this;
    }

    @Override
    public void onMessageReceived(Opcode type, long bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    @Override
    public void onMessageSent(Opcode type, long bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }
}
