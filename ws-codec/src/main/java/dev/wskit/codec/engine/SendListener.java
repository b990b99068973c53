package dev.wskit.codec.engine;

/**
 * Hears what became of the messages given to a {@link WebSocketEngine} with a token: each is written once its
 * last byte has gone into the buffer given to {@code wrap} (or been handed over as a detached payload), or
 * dropped when the engine will never write it. A message is dropped when a Close has been written before it
 * (RFC 6455 §5.5.1: nothing follows a Close), when a failure's Close went right after the frame in progress
 * (§7.1.7), when {@link WebSocketEngine#discardQueuedData} lets it go, or when the transport closed (§7.1.5).
 *
 * <p>Every token is reported exactly once, written or dropped; messages sent without one ({@code null}) are not
 * reported. Written tokens are reported in the order their last bytes are written, which for data messages is
 * the order they were sent in (§5.4), Pings and Pongs going between them (§5.5). Called from the thread that
 * called the engine, during {@code wrap}, {@code onTransportClosed} or {@code discardQueuedData}; a listener must
 * not call the engine back.
 */
public interface SendListener {
    /**
     * The message's last byte has been written, into the caller's buffer or as a detached payload.
     *
     * @param token the token the message was sent with
     */
    void onWritten(Object token);

    /**
     * The message will never be written.
     *
     * @param token the token the message was sent with
     */
    void onDropped(Object token);
}
