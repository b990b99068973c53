/**
 * The {@code nio} transport: a few selector threads (event loops) carry many connections with non-blocking
 * accept, connect, TLS handshake ({@link javax.net.ssl.SSLEngine}), read and write, below the transport SPI;
 * RFC 6455 itself stays in the connection handlers, so this transport behaves exactly as the others. Not
 * exported; obtain it from {@link dev.wskit.transport.Transports#nio()}.
 */
package dev.wskit.transport.nio;
