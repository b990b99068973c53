package dev.wskit.transport.metrics;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.WebSocket;

/**
 * Hears the connections of one endpoint (see {@link EndpointTags}): every method is a no-op unless overridden.
 *
 * <p>Thread-safe: called from many connections' threads at once, possibly while a connection holds its lock, so
 * an implementation must return quickly, must not block, and must not call into the connection except for its
 * lock-free accessors ({@link WebSocket#bufferedAmount()}, {@link WebSocket#isWritable()}). Per connection, the
 * calls follow its life: {@link #onOpened}, then messages, failures and backpressure, then {@link #onClosed}
 * exactly once; a rejected handshake is the only call for its connection.
 */
public interface ConnectionMetrics {
    /**
     * Tells whether this listener wants {@link #onMessageReceived}, {@link #onMessageSent}, {@link #onCompressed}
     * and {@link #onInflated}: when false,
     * connections skip measuring their messages (a text message's UTF-8 length among others). Combined by
     * {@link WebSocketMetrics#and} with a listener that wants them, it hears them too.
     *
     * @return true by default
     */
    default boolean countsMessages() {
        return true;
    }

    /**
     * A connection completed its opening handshake (RFC 6455 §4.1, §4.2.2).
     *
     * @param connection the connection, for its lock-free accessors
     */
    default void onOpened(WebSocket connection) {
    }

    /**
     * A server refused an upgrade request with an HTTP status (RFC 6455 §4.2.2: 400, 403, 404, 426, 503, or
     * the application's own), or a client's handshake failed on the server's response.
     *
     * @param status the HTTP status, or 0 on a client when the response was no HTTP answer at all
     */
    default void onHandshakeRejected(int status) {
    }

    /**
     * A whole message arrived (RFC 6455 §5.6), or the last chunk of a streamed one.
     *
     * @param type {@link Opcode#TEXT} or {@link Opcode#BINARY}
     * @param bytes its payload's length after any extension's transformation (UTF-8 bytes for text)
     */
    default void onMessageReceived(Opcode type, long bytes) {
    }

    /**
     * The application queued a whole message, or the last fragment of a streamed one.
     *
     * @param type {@link Opcode#TEXT} or {@link Opcode#BINARY}
     * @param bytes its payload's length before any extension's transformation (UTF-8 bytes for text)
     */
    default void onMessageSent(Opcode type, long bytes) {
    }

    /**
     * A data message went out on a connection that negotiated an extension, permessage-deflate (RFC 7692
     * §7.2.1) among them: its payload before and after compression. Called when the message's last piece is
     * framed. A message sent uncompressed (RFC 7692 §6: below the compression threshold, or sent with {@code
     * Compression.NONE}) counts with equal sizes; a prepared message written as shared pre-encoded frames is not
     * counted. A connection without an extension never calls this.
     *
     * @param uncompressed the payload as the application gave it (UTF-8 bytes for text)
     * @param compressed the payload its frames carry
     */
    default void onCompressed(long uncompressed, long compressed) {
    }

    /**
     * A data message arrived on a connection that negotiated an extension, permessage-deflate (RFC 7692
     * §7.2.2) among them: its payload before and after decompression. Called just before the message (or its
     * last chunk) is delivered. A message that came uncompressed (RSV1 clear, RFC 7692 §6) counts with equal
     * sizes. A connection without an extension never calls this.
     *
     * @param compressed the payload its frames carried
     * @param uncompressed the payload delivered (UTF-8 bytes for text)
     */
    default void onInflated(long compressed, long uncompressed) {
    }

    /**
     * A connection failed because of the peer (RFC 6455 §7.1.7): its Close carries this code.
     *
     * @param closeCode 1002, 1007, 1009, 1003 or 1010 as the failure says (or 1011 for a listener's failure
     *     inside the engine)
     */
    default void onProtocolError(int closeCode) {
    }

    /**
     * A connection's send queue reached its high watermark: {@link WebSocket#isWritable()} turned false.
     *
     * @param connection the connection
     * @param queuedBytes the bytes queued now
     */
    default void onSendPaused(WebSocket connection, long queuedBytes) {
    }

    /**
     * A connection's send queue drained to its low watermark after a pause.
     *
     * @param connection the connection
     * @param queuedBytes the bytes queued now
     */
    default void onSendResumed(WebSocket connection, long queuedBytes) {
    }

    /**
     * A Pong arrived while a Ping was outstanding (RFC 6455 §5.5.2, §5.5.3): the engine's keepalive Ping or one
     * the application sent. Measured from the Ping's queueing, so it includes time spent behind queued output.
     *
     * @param nanos the round trip
     */
    default void onPingRoundTrip(long nanos) {
    }

    /**
     * A connection that had opened is closed (RFC 6455 §7.1.4–§7.1.6).
     *
     * @param connection the connection
     * @param closed how it ended and what it moved
     */
    default void onClosed(WebSocket connection, ClosedConnection closed) {
    }
}
