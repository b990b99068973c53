/**
 * The transport-independent protocol driver: the opening handshake (RFC 6455 §4) on each side, then the
 * codec's engine, send queues, event dispatch and timeouts. Not exported.
 */
package dev.wskit.transport.internal;
