/**
 * The soak tool: many connect, message, close cycles (or many held connections with others coming and going)
 * against a wskit server in its own JVM, whose heap after a full collection, resident set, native memory
 * (Native Memory Tracking), threads and file descriptors are sampled at intervals; the run fails when one of
 * them grows past its bound. It exercises the opening handshake (RFC 6455 §4), a message with
 * permessage-deflate keeping its context both ways (RFC 7692 §7.1.1) and the close handshake (RFC 6455 §7)
 * over and over. Above the transport layer: it uses wskit only through {@code WebSocketServer} and
 * {@code WebSocketClient}.
 *
 * <p>Run it with {@code java -cp benchmarks.jar dev.wskit.benchmarks.soak.Soak --help}.
 */
package dev.wskit.benchmarks.soak;
