package dev.wskit.codec.message;

import dev.wskit.codec.CloseCode;
import java.nio.ByteBuffer;

/**
 * Receives the messages and control frames that a {@link MessageAssembler} puts together (RFC 6455 §5.4–5.6).
 *
 * <p><b>Buffers.</b> Every {@link ByteBuffer} passed here is valid only during the call: it may be a view of
 * the receive buffer or of the assembler's own storage. Read it, copy it, or consume it; do not keep it.
 *
 * <p><b>Delivery.</b> In {@link Delivery#WHOLE} mode a data message arrives as one {@link #onText} or
 * {@link #onBinary} call. In {@link Delivery#STREAMED} mode it arrives as {@link #onTextChunk} or
 * {@link #onBinaryChunk} calls, the last one flagged (and possibly empty); text chunks are UTF-8 bytes
 * validated so far, which may split a code point between chunks. Control frames may arrive between the
 * chunks of a message (§5.4). Methods are called from the decoding thread only, one at a time.
 */
public interface MessageListener {
    /**
     * A whole text message, already checked to be UTF-8 (§8.1).
     *
     * @param text the message
     */
    void onText(String text);

    /**
     * A whole binary message.
     *
     * @param data the payload between position and limit, valid during the call only
     */
    void onBinary(ByteBuffer data);

    /**
     * A piece of a streamed text message.
     *
     * @param utf8 validated UTF-8 bytes between position and limit, valid during the call only
     * @param last whether the message ends with this piece
     */
    default void onTextChunk(ByteBuffer utf8, boolean last) {
        throw new UnsupportedOperationException("Streamed text delivery is on but onTextChunk is not implemented");
    }

    /**
     * A piece of a streamed binary message.
     *
     * @param data payload bytes between position and limit, valid during the call only
     * @param last whether the message ends with this piece
     */
    default void onBinaryChunk(ByteBuffer data, boolean last) {
        throw new UnsupportedOperationException("Streamed binary delivery is on but onBinaryChunk is not implemented");
    }

    /**
     * A Ping frame (§5.5.2).
     *
     * @param data the application data, valid during the call only
     */
    void onPing(ByteBuffer data);

    /**
     * A Pong frame (§5.5.3).
     *
     * @param data the application data, valid during the call only
     */
    void onPong(ByteBuffer data);

    /**
     * The peer's Close frame arrived (§5.5.1), already checked: the code is valid on the wire and the reason is
     * UTF-8. This is the start of the peer's side of the close handshake, not the end of the connection (which
     * an engine reports separately, with {@code EngineListener.onClosed}).
     *
     * @param code the status code, or {@code null} when the frame had no body (report it as 1005)
     * @param reason the reason, empty when there is none
     */
    void onCloseReceived(CloseCode code, String reason);
}
