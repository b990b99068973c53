/**
 * Observability of connections, beside the transport layer: a {@link dev.wskit.transport.metrics.WebSocketMetrics}
 * installed in {@link dev.wskit.transport.ConnectionSettings} hears what each connection does (opened, the
 * opening handshake rejected per RFC 6455 §4.2.2, messages in and out per §5.6, failures by close code per
 * §7.1.7, closed per §7.1.4–§7.1.6, send-queue backpressure, Ping round trips per §5.5.2), tagged only by
 * endpoint path and transport. {@link dev.wskit.transport.metrics.JfrMetrics} records them as JDK Flight Recorder
 * events. None is installed by default.
 */
package dev.wskit.transport.metrics;
