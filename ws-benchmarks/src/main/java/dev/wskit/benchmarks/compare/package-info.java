/**
 * The transport comparison: the same load generator (closed-loop, and open-loop at a fixed rate beside it), in
 * its own JVM, drives an echo server per target (a raw TCP echo as the ceiling, Netty's, Jetty's and Vert.x's
 * WebSocket servers as the references, and every wskit transport plain, over TLS and with permessage-deflate,
 * RFC 7692) in another JVM; latencies go through HdrHistogram, and the figures go out as JSON (through
 * Jackson), markdown and an SVG chart. Above the transport layer: it only uses wskit through
 * {@code WebSocketServer}.
 *
 * <p>Run it with {@code java -cp benchmarks.jar dev.wskit.benchmarks.compare.Compare --quick --out results/}
 * ({@code --goals} for the cells issue #15's goals are judged on, {@code --full} for the whole matrix).
 */
package dev.wskit.benchmarks.compare;
