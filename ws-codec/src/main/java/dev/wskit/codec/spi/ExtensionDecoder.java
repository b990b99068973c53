package dev.wskit.codec.spi;

import java.nio.ByteBuffer;

/**
 * Transforms the payload of incoming data messages for one connection (RFC 6455 §9, §5.8).
 *
 * <p>Call order per data message: {@link #onFrameHeader} for every frame of the message (first frame and
 * continuations), {@link #decode} for each chunk of payload, and {@link #endMessage} once after the final
 * frame. Control frames are never passed to an extension. In a chain (§9.1) every decoder sees every data frame's
 * header, and the payload given to {@code decode} is what the extensions after this one in the negotiated order
 * made of it. Used by one thread at a time.
 */
public interface ExtensionDecoder {
    /**
     * Checks a data frame's reserved bits claimed by this extension and decides whether the message is
     * transformed.
     *
     * @param firstFrame whether the frame starts a message (TEXT or BINARY) rather than continuing one
     * @param rsv the frame's reserved bits that this extension claims (the others are masked off)
     * @throws dev.wskit.codec.ProtocolException with 1002 when the bits are not allowed on this frame
     */
    void onFrameHeader(boolean firstFrame, int rsv);

    /**
     * Tells whether the current message is being transformed (decided by its first frame).
     *
     * @return true when {@link #decode} changes the payload
     */
    boolean isTransforming();

    /**
     * Transforms a chunk of the current message's payload; called only while {@link #isTransforming()}.
     *
     * @param chunk the received bytes between position and limit, consumed by the call
     * @param sink where the transformed bytes go
     * @throws dev.wskit.codec.ProtocolException when the data is invalid for this extension
     */
    void decode(ByteBuffer chunk, PayloadSink sink);

    /**
     * Ends the current message, flushing what the transformation still holds.
     *
     * @param sink where the remaining transformed bytes go
     * @throws dev.wskit.codec.ProtocolException when the data is invalid for this extension
     */
    void endMessage(PayloadSink sink);

    /**
     * Lets go of the state of the message in progress and of anything held for the next one (buffers, a
     * borrowed decompressor), because the connection failed or closed: the decoder is not used again. The
     * extension's own {@link Extension#close()} still follows. Idempotent; by default it does nothing.
     */
    default void release() {
    }
}
