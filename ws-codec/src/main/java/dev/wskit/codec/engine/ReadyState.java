package dev.wskit.codec.engine;

/**
 * The connection states that the browser's {@code WebSocket.readyState} exposes (WHATWG WebSockets §3),
 * which map onto RFC 6455's states (§4.1 CONNECTING, §4.1/§4.2 OPEN, §7.1.3 CLOSING, §7.1.4 CLOSED).
 */
public enum ReadyState {
    /** The opening handshake has not completed. */
    CONNECTING,
    /** The handshake completed; messages flow both ways. */
    OPEN,
    /** A Close frame has been sent or received, but not both yet. */
    CLOSING,
    /** The close handshake completed or the connection was lost. */
    CLOSED
}
