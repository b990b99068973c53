/**
 * Binds {@link dev.wskit.transport.metrics.WebSocketMetrics} to a Micrometer {@code MeterRegistry}: gauges of
 * open connections and queued bytes, counters of messages and bytes by direction and of closes by code (RFC 6455
 * §7.4), timers of Ping round trips (§5.5.2) and connection lifetimes, and message size distributions, tagged by
 * endpoint path and transport.
 */
package dev.wskit.micrometer;
