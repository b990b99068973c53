package dev.wskit.micrometer;

import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * wskit's connection metrics as Micrometer meters, installed with
 * {@code connection(c -> c.metrics(new MicrometerMetrics(registry)))}. Every meter carries the tags
 * {@code endpoint} (the server endpoint's path, {@code unmatched} for requests that matched none, or a client's
 * URI path) and {@code transport}, and never one connection's own:
 *
 * <ul>
 *   <li>{@code wskit.connections.open} (gauge): connections open now;
 *   <li>{@code wskit.send.queued} (gauge, bytes): bytes waiting in the open connections' send queues;
 *   <li>{@code wskit.connections.opened} (counter): opening handshakes completed (RFC 6455 §4);
 *   <li>{@code wskit.handshakes.rejected} (counter, tag {@code status}): upgrade requests refused (§4.2.2);
 *   <li>{@code wskit.messages} (counter, tags {@code direction} in/out and {@code type} text/binary): messages;
 *   <li>{@code wskit.message.bytes} (counter, tag {@code direction}, bytes): their payload bytes (§5.6);
 *   <li>{@code wskit.message.size} (distribution summary, tag {@code direction}, bytes): their sizes;
 *   <li>{@code wskit.compression.bytes} (counter, tags {@code direction} and {@code stage}
 *       uncompressed/compressed, bytes): message payloads before and after permessage-deflate (RFC 7692 §7.2),
 *       on connections that negotiated it; messages sent or received uncompressed count the same at both stages;
 *   <li>{@code wskit.compression.ratio} (distribution summary, tag {@code direction}): each such non-empty
 *       message's compressed size over its uncompressed size (1 for a message sent uncompressed, lower is better);
 *   <li>{@code wskit.protocol.errors} (counter, tag {@code code}): connections failed on the peer's data (§7.1.7);
 *   <li>{@code wskit.closes} (counter, tags {@code code}, {@code initiator} local/remote, {@code clean}): closes
 *       (§7.1.5, §7.4);
 *   <li>{@code wskit.connection.lifetime} (timer): from the opening handshake to the close;
 *   <li>{@code wskit.send.pauses} (counter): send queues that reached their high watermark;
 *   <li>{@code wskit.send.queue.high.water} (distribution summary, bytes): each closed connection's fullest send
 *       queue;
 *   <li>{@code wskit.ping.rtt} (timer): from a Ping's queueing to the Pong (§5.5.2), keepalive or the
 *       application's.
 * </ul>
 *
 * <p>Meters are registered per endpoint when its first connection arrives. Thread-safe.
 */
public final class MicrometerMetrics implements WebSocketMetrics {
    private final MeterRegistry registry;
    private final Map<EndpointTags, EndpointMeters> endpoints = new ConcurrentHashMap<>();

    /**
     * Creates metrics that register their meters in a registry.
     *
     * @param registry the registry
     * @throws NullPointerException when the registry is missing
     */
    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public ConnectionMetrics forEndpoint(EndpointTags tags) {
        return endpoints.computeIfAbsent(tags, endpoint -> new EndpointMeters(registry, endpoint));
    }
}
