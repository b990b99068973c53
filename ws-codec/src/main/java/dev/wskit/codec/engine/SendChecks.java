package dev.wskit.codec.engine;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Utf8Validator;
import java.nio.ByteBuffer;

/**
 * The checks an engine makes on what the application sends, before queueing it: data only while the connection
 * is open for it, no whole message in the middle of a message sent in fragments (RFC 6455 §5.4), no control
 * frame after a Close (§5.5.1), and text pieces that form UTF-8 as a whole (§5.6). A failed check throws to the
 * caller and queues nothing. Not thread-safe: its engine's caller serializes calls.
 */
final class SendChecks {
    private final Outbound outbound;
    private final Utf8Validator outgoingText = new Utf8Validator();

    SendChecks(Outbound outbound) {
        this.outbound = outbound;
    }

    /**
     * Refuses a whole message while a message sent in fragments awaits its last piece.
     *
     * @param type the type of the message about to be queued
     * @throws IllegalStateException when a message is being streamed
     */
    void requireNoOpenStream(Opcode type) {
        if (outbound.openStream() != null) {
            // RFC 6455 §5.4: a whole message would otherwise become the streamed message's last fragment
            throw new IllegalStateException(
                "A message is being streamed; end it before sending a " + type + " message");
        }
    }

    /**
     * Refuses a fragment of another type than the message being streamed.
     *
     * @param type TEXT or BINARY
     * @throws IllegalStateException when a message of the other type is being streamed
     */
    void requireSameStream(Opcode type) {
        Opcode open = outbound.openStream();
        if (open != null && open != type) {
            throw new IllegalStateException("A " + open + " message is being streamed; cannot add " + type);
        }
    }

    /**
     * Refuses data once the connection no longer sends it.
     *
     * @param state the engine's state
     * @param type the type of the message about to be queued
     * @throws IllegalStateException when the state does not allow data
     */
    void requireOpenFor(EngineState state, Opcode type) {
        if (!state.canSendData()) {
            throw new IllegalStateException("Cannot send " + type + " in state " + state);
        }
    }

    /**
     * Refuses a Ping or Pong once a Close is queued or the connection is closed.
     *
     * @param state the engine's state
     * @throws IllegalStateException when no control frame may follow
     */
    void requireControlAllowed(EngineState state) {
        if (state.isClosed() || outbound.isCloseQueued()) {
            throw new IllegalStateException("Cannot send a control frame after Close, in state " + state);
        }
    }

    /**
     * Checks that a piece of outgoing text continues the UTF-8 of the pieces before it, and when it is the last
     * that the whole ends on a complete code point; a failure forgets the message so far.
     *
     * @param chunk the piece between position and limit, left unchanged
     * @param last whether this piece ends the message
     * @throws IllegalArgumentException when the text is not UTF-8
     */
    void checkText(ByteBuffer chunk, boolean last) {
        try {
            outgoingText.validate(chunk);
            if (last) {
                outgoingText.finish();
            }
        } catch (ProtocolException e) {
            outgoingText.reset();
            throw new IllegalArgumentException("Text fragments are not UTF-8: " + e.getMessage(), e);
        }
    }
}
