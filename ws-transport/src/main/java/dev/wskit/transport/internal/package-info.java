/**
 * The transport-independent connection: the opening handshake (RFC 6455 §4) on each side as a
 * {@code HandshakePhase}, then the session that runs the codec's engine with the send queue and timeouts, and the
 * bridge that delivers its events; a {@code Connection} composes them. Not exported.
 */
package dev.wskit.transport.internal;
