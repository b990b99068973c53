package dev.wskit.transport.metrics;

import java.util.Objects;

/**
 * Where the connections' metrics go: installed with {@link dev.wskit.transport.ConnectionSettings.Builder#metrics},
 * asked once per connection for the {@link ConnectionMetrics} of its endpoint, so that an implementation can
 * resolve its meters per endpoint once (and cache them) instead of per event. Thread-safe.
 */
@FunctionalInterface
public interface WebSocketMetrics {
    /**
     * No metrics: connections then skip every measurement (one null check on each hot path).
     */
    WebSocketMetrics NONE = tags -> new ConnectionMetrics() { };

    /**
     * Returns the listener of an endpoint's connections. Called once per connection (or rejected request).
     *
     * @param tags the endpoint and transport
     * @return the listener, usually the same one for equal tags
     */
    ConnectionMetrics forEndpoint(EndpointTags tags);

    /**
     * Returns metrics that go both here and to another, in that order.
     *
     * @param other the other metrics
     * @return the combination
     */
    default WebSocketMetrics and(WebSocketMetrics other) {
        Objects.requireNonNull(other, "other");
        if (other == NONE) {
            return this;
        }
        if (this == NONE) {
            return other;
        }
        return tags -> new BothMetrics(forEndpoint(tags), other.forEndpoint(tags));
    }
}
