/**
 * The transport SPI: what moves bytes between a socket and a connection's protocol logic. A transport
 * (blocking, virtual threads, NIO) owns sockets, threads and TLS; the {@link dev.wskit.transport.spi.ConnectionHandler}
 * it drives owns RFC 6455 (the opening handshake of §4 and everything after it), so every transport behaves
 * the same. An HTTP server that parses requests itself hosts the same server side through
 * {@link dev.wskit.transport.spi.HostedUpgrade}: it writes the 101 of RFC 6455 §4.2.2 and then moves the bytes.
 */
package dev.wskit.transport.spi;
