package dev.wskit.transport;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Metrics that write every call down as a line naming its endpoint, for tests to take one by one; the last
 * close summary is kept whole.
 */
final class RecordingMetrics implements WebSocketMetrics {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final AtomicReference<ClosedConnection> lastClosed = new AtomicReference<>();

    @Override
    public ConnectionMetrics forEndpoint(EndpointTags tags) {
        String at = tags.path() + "@" + tags.transport() + " ";
        return new ConnectionMetrics() {
            @Override
            public void onOpened(WebSocket connection) {
                events.add(at + "opened");
            }

            @Override
            public void onHandshakeRejected(int status) {
                events.add(at + "rejected " + status);
            }

            @Override
            public void onMessageReceived(Opcode type, long bytes) {
                events.add(at + "in " + type + " " + bytes);
            }

            @Override
            public void onMessageSent(Opcode type, long bytes) {
                events.add(at + "out " + type + " " + bytes);
            }

            @Override
            public void onCompressed(long uncompressed, long compressed) {
                events.add(at + "compressed " + uncompressed + " " + compressed);
            }

            @Override
            public void onInflated(long compressed, long uncompressed) {
                events.add(at + "inflated " + compressed + " " + uncompressed);
            }

            @Override
            public void onProtocolError(int closeCode) {
                events.add(at + "error " + closeCode);
            }

            @Override
            public void onSendPaused(WebSocket connection, long queuedBytes) {
                events.add(at + "paused");
            }

            @Override
            public void onSendResumed(WebSocket connection, long queuedBytes) {
                events.add(at + "resumed");
            }

            @Override
            public void onPingRoundTrip(long nanos) {
                events.add(at + "rtt " + (nanos >= 0));
            }

            @Override
            public void onClosed(WebSocket connection, ClosedConnection closed) {
                lastClosed.set(closed);
                events.add(at + "closed " + closed.code() + " " + closed.initiator() + " clean=" + closed.wasClean());
            }
        };
    }

    /** Takes the next event, failing when none comes within a minute. */
    String next() throws InterruptedException {
        String event = events.poll(60, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("No metrics event within 60 s");
        }
        return event;
    }

    /** Takes events until one equals the expected, failing when it does not come. */
    void skipTo(String expected) throws InterruptedException {
        String event;
        do {
            event = next();
        } while (!event.equals(expected));
    }

    /** Returns the events not yet taken. */
    String remaining() {
        return String.join(", ", events);
    }
}
