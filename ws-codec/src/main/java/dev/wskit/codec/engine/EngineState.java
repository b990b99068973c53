package dev.wskit.codec.engine;

/**
 * The states of a {@link WebSocketEngine} through the close handshake (RFC 6455 §7.1).
 */
public enum EngineState {
    /** Data flows both ways. */
    OPEN,
    /** This side has queued or sent its Close and awaits the peer's (§7.1.2). */
    CLOSE_SENT,
    /** The peer's Close arrived and this side's reply is not yet written (§5.5.1). */
    CLOSE_RECEIVED,
    /** Both Close frames were exchanged, the connection failed, or the transport ended (§7.1.4). */
    CLOSED;

    /**
     * Tells whether the application may still send data messages in this state.
     *
     * @return true only when OPEN
     */
    public boolean canSendData() {
        return this == OPEN;
    }

    /**
     * Tells whether this is the final state.
     *
     * @return true when CLOSED
     */
    public boolean isClosed() {
        return this == CLOSED;
    }

    /**
     * Maps this state onto the browser's readyState.
     *
     * @return OPEN, CLOSING or CLOSED
     */
    public ReadyState readyState() {
        return switch (this) {
            case OPEN -> ReadyState.OPEN;
            case CLOSE_SENT, CLOSE_RECEIVED -> ReadyState.CLOSING;
            case CLOSED -> ReadyState.CLOSED;
        };
    }
}
