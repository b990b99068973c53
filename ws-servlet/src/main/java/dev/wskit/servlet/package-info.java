/**
 * The Servlet host of wskit's server side: the opening handshake (RFC 6455 §4.2) answered with the container's
 * HTTP upgrade ({@link jakarta.servlet.http.HttpServletRequest#upgrade}), then frames (§5) moved between the
 * container's non-blocking streams and wskit's engine, with the same {@link dev.wskit.transport.WebSocket} API as
 * wskit's own transports.
 */
package dev.wskit.servlet;
