/**
 * wskit's connection metrics (RFC 6455 connections: opened, messages, closes by code, protocol errors,
 * backpressure, Ping round trips) as Micrometer meters. The only wskit module that depends on Micrometer.
 *
 * <p>Micrometer is an automatic module ({@code micrometer.core}); it is required transitively because the API
 * takes its {@code MeterRegistry}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.wskit.micrometer {
    requires transitive dev.wskit.transport;
    requires transitive micrometer.core;

    exports dev.wskit.micrometer;
}
