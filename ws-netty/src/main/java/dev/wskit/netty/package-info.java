/**
 * The Netty host of wskit's server side: the opening handshake (RFC 6455 §4.2) answered in a pipeline after
 * Netty's HTTP codec, then frames (§5) moved between the channel and wskit's engine, with the same
 * {@link dev.wskit.transport.WebSocket} API as wskit's own transports.
 */
package dev.wskit.netty;
