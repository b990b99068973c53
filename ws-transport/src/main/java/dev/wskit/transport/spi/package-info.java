/**
 * The transport SPI: what moves bytes between a socket and a connection's protocol logic. A transport
 * (blocking, virtual threads, NIO) owns sockets, threads and TLS; the {@link dev.wskit.transport.spi.ConnectionHandler}
 * it drives owns RFC 6455 (the opening handshake of §4 and everything after it), so every transport behaves
 * the same.
 */
package dev.wskit.transport.spi;
