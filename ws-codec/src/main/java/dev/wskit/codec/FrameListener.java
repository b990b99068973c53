package dev.wskit.codec;

import java.nio.ByteBuffer;

/**
 * Receives the frames that a {@link FrameDecoder} finds, one event at a time (RFC 6455 §5.2).
 *
 * <p><b>Call order.</b> For each frame: exactly one {@link #onHeader}, then zero or more {@link #onPayload}
 * calls whose lengths add up to the announced payload length, then exactly one {@link #onFrameEnd}. A frame
 * with an empty payload gets no {@code onPayload}. Events of one frame never interleave with another's.
 *
 * <p><b>Buffer ownership.</b> The buffer passed to {@code onPayload} is the caller's input buffer, already
 * unmasked, with its position and limit framing this chunk of payload. It is valid only during the call; the
 * listener may read it (moving its position is allowed) but must not keep it. The decoder restores the
 * buffer's limit and sets its position past the chunk after the call.
 *
 * <p>Any method may throw {@link ProtocolException}; the decoder then passes it on and is poisoned.
 * Implementations are called from the decoding thread only.
 */
public interface FrameListener {
    /**
     * Called when a frame header has been decoded and checked.
     *
     * @param fin whether this is the final fragment of its message
     * @param rsv the three reserved bits as a number, {@link FrameHeader#RSV1} and the others
     * @param opcode the frame's opcode, never a reserved one
     * @param payloadLength the payload's length in bytes
     */
    void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength);

    /**
     * Called with the next chunk of the current frame's unmasked payload.
     *
     * @param payload the chunk, between its position and limit
     */
    void onPayload(ByteBuffer payload);

    /** Called when the current frame's payload has been fully delivered. */
    void onFrameEnd();
}
