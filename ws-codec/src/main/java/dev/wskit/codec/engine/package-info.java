/**
 * Connection layer of RFC 6455: the open connection and its close handshake (§7), keepalive and timeouts,
 * as a sans-I/O engine that a transport feeds with bytes and polls for output and deadlines.
 */
package dev.wskit.codec.engine;
