package dev.wskit.transport;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A data message encoded once as a server frame (unmasked, uncompressed: RFC 6455 §5.1, RFC 7692 §6 lets any
 * message go uncompressed), so that a broadcast writes the same bytes to every connection instead of encoding
 * per connection. Only servers can send it: clients must mask each frame with a fresh key (§5.3).
 * Immutable and thread-safe.
 */
public final class PreparedMessage {
    private final ByteBuffer frame;
    private final int payloadLength;

    private PreparedMessage(Opcode opcode, ByteBuffer payload) {
        this.payloadLength = payload.remaining();
        ByteBuffer encoded = ByteBuffer.allocate(FrameHeader.encodedLength(payloadLength, false) + payloadLength);
        new FrameEncoder(Role.SERVER).encode(true, 0, opcode, payload.duplicate(), encoded);
        this.frame = encoded.flip().asReadOnlyBuffer();
    }

    /**
     * Encodes a text message.
     *
     * @param text the message
     * @return the prepared message
     */
    public static PreparedMessage text(CharSequence text) {
        return new PreparedMessage(Opcode.TEXT, StandardCharsets.UTF_8.encode(text.toString()));
    }

    /**
     * Encodes a binary message (copying its payload).
     *
     * @param data the payload between position and limit (not consumed)
     * @return the prepared message
     */
    public static PreparedMessage binary(ByteBuffer data) {
        return new PreparedMessage(Opcode.BINARY, data);
    }

    /**
     * Returns a fresh read-only view of the encoded frame, for one connection to write.
     *
     * @return the frame's bytes
     */
    public ByteBuffer frame() {
        return frame.duplicate();
    }

    /**
     * Returns the size of the message's payload.
     *
     * @return the payload length in bytes
     */
    public int payloadLength() {
        return payloadLength;
    }
}
