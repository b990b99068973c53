package dev.wskit.examples;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --metrics}: a server's connection metrics counted in memory with the metrics SPI alone, and printed when
 * the server stops: connections, messages and bytes each way, rejections by status (RFC 6455 §4.2.2), protocol
 * errors and closes by code (§7.4), send-queue pauses and Ping round trips (§5.5.2).
 */
final class MetricsSummary implements WebSocketMetrics, ConnectionMetrics {
    private final LongAdder opened = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder pings = new LongAdder();
    private final LongAdder pingNanos = new LongAdder();
    private final LongAccumulator slowestPing = new LongAccumulator(Math::max, 0);
    private final Map<String, LongAdder> counted = new ConcurrentHashMap<>();

    @Override
    public ConnectionMetrics forEndpoint(EndpointTags tags) {
        return this;
    }

    @Override
    public void onOpened(WebSocket connection) {
        opened.increment();
    }

    @Override
    public void onHandshakeRejected(int status) {
        count("rejected with " + status);
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

    @Override
    public void onProtocolError(int closeCode) {
        count("failed with " + closeCode);
    }

    @Override
    public void onSendPaused(WebSocket connection, long queuedBytes) {
        pauses.increment();
    }

    @Override
    public void onPingRoundTrip(long nanos) {
        pings.increment();
        pingNanos.add(nanos);
        slowestPing.accumulate(nanos);
    }

    @Override
    public void onClosed(WebSocket connection, ClosedConnection closed) {
        count("closed with " + closed.code() + " by " + closed.initiator().name().toLowerCase(Locale.ROOT));
    }

    private void count(String what) {
        counted.computeIfAbsent(what, key -> new LongAdder()).increment();
    }

    /**
     * Prints the summary.
     *
     * @param out where to
     */
    void print(PrintStream out) {
        out.println("Metrics: " + opened.sum() + " connections opened");
        out.println("  in:  " + messagesIn.sum() + " messages, " + bytesIn.sum() + " bytes");
        out.println("  out: " + messagesOut.sum() + " messages, " + bytesOut.sum() + " bytes");
        out.println("  send queue paused " + pauses.sum() + " times");
        long rounds = pings.sum();
        if (rounds > 0) {
            out.printf("  ping round trip: %d measured, mean %.3f ms, max %.3f ms%n", rounds,
                pingNanos.sum() / 1e6 / rounds, slowestPing.get() / 1e6);
        }
        new TreeMap<>(counted).forEach((what, count) -> out.println("  " + what + ": " + count.sum()));
    }
}
