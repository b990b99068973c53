/**
 * The transport comparison: the same load generator (closed-loop, or open-loop at a fixed rate), in its own
 * JVM, drives an echo server per target (a raw TCP echo as the ceiling, Netty's, Jetty's and Vert.x's WebSocket
 * servers as the references, and every wskit transport plain, over TLS and with permessage-deflate, RFC 7692) in another JVM, and the figures go out as JSON,
 * markdown and an SVG chart. Above the transport layer: it only uses wskit through {@code WebSocketServer}.
 *
 * <p>Run it with {@code java -cp benchmarks.jar dev.wskit.benchmarks.compare.Compare --quick --out results/}.
 */
package dev.wskit.benchmarks.compare;
