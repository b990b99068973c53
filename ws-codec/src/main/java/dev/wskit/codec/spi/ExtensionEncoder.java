package dev.wskit.codec.spi;

import dev.wskit.codec.Opcode;
import java.nio.ByteBuffer;

/**
 * Transforms the payload of outgoing data messages for one connection (RFC 6455 §9, §5.8).
 *
 * <p>Call order per data message: {@link #startMessage}, then {@link #encode} for each piece of payload,
 * the last one with {@code endOfMessage} set. Each {@code encode} call with {@code endOfFrame} set must push
 * out everything the frame needs (so a streamed fragment can be framed at once). In a chain (§9.1) the payload
 * given to {@code encode} is what the extensions before this one made of it. Used by one thread at a time.
 */
public interface ExtensionEncoder {
    /**
     * Starts an outgoing data message and decides whether it is transformed.
     *
     * @param type TEXT or BINARY
     * @param sizeHint the message's size when known, or -1 when it is streamed
     * @return the reserved bits to set on the message's first frame; 0 leaves the message untransformed
     */
    int startMessage(Opcode type, long sizeHint);

    /**
     * Transforms a piece of the current message; called only when {@link #startMessage} returned non-zero.
     *
     * @param src the payload bytes between position and limit, consumed by the call
     * @param endOfMessage whether this is the message's last piece
     * @param sink where the transformed bytes go
     */
    void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink);

    /**
     * Returns how this encoder would transform a whole message if its result does not depend on this
     * connection, so that a broadcast can transform a message once for many connections.
     *
     * @return the encoding, or {@code null} (the default) when the result depends on state this encoder carries
     *     from message to message, and each message must pass through {@link #encode}
     */
    default SharedEncoding sharedEncoding() {
        return null;
    }
}
