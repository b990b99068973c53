/**
 * The user-facing WebSocket API over any transport: {@link dev.wskit.transport.WebSocketServer},
 * {@link dev.wskit.transport.WebSocketClient} and the browser-shaped {@link dev.wskit.transport.WebSocket}
 * handle (RFC 6455 §4–§7; WHATWG WebSockets for the API's shape).
 */
package dev.wskit.transport;
