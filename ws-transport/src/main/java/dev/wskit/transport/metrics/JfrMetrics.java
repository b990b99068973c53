package dev.wskit.transport.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Metrics as JDK Flight Recorder events: {@code wskit.ConnectionOpened}, {@code wskit.ConnectionClosed} (code,
 * reason, initiator, wasClean, lifetime, bytes in and out, the send queue's high water), {@code
 * wskit.HandshakeRejected} (status), {@code wskit.ProtocolError} (close code, RFC 6455 §7.1.7) and {@code
 * wskit.Backpressure}. Per-message calls are not wanted ({@link ConnectionMetrics#countsMessages()} is false),
 * so messages cost nothing more than with no metrics.
 *
 * <p>Not installed by default: install it with {@code connection(c -> c.metrics(JfrMetrics.instance()))}. Without
 * a running recording, each event costs an {@code isEnabled()} check. With the JDK's {@code default} or
 * {@code profile} settings, a recording holds the closes, the rejections and the protocol errors;
 * {@code wskit.ConnectionOpened} and {@code wskit.Backpressure}, which a busy server makes many of, are
 * {@code @Enabled(false)} until a recording's settings enable them. Thread-safe.
 */
public final class JfrMetrics implements WebSocketMetrics {
    private static final JfrMetrics INSTANCE = new JfrMetrics();

    private final Map<EndpointTags, ConnectionMetrics> endpoints = new ConcurrentHashMap<>();

    private JfrMetrics() {
    }

    /**
     * Returns the JFR metrics.
     *
     * @return the shared instance
     */
    public static JfrMetrics instance() {
        return INSTANCE;
    }

    @Override
    public ConnectionMetrics forEndpoint(EndpointTags tags) {
        return endpoints.computeIfAbsent(tags, JfrEndpoint::new);
    }
}
