package dev.wskit.codec.spi;

import dev.wskit.codec.Opcode;
import java.nio.ByteBuffer;

/**
 * How an extension transforms a whole outgoing message when the result depends on nothing but the message
 * and the negotiated parameters (RFC 6455 §9): no state carried from earlier messages, no per-connection
 * randomness. A server broadcasting one message to many connections then transforms it once per distinct
 * encoding and writes the same bytes on every connection whose extension reports an equal one, instead of
 * transforming it once per connection. permessage-deflate has one when the server compresses each message
 * from an empty window (RFC 7692 §7.1.1.1, §7.2.1).
 *
 * <p><b>Equality.</b> Implementations define {@code equals} and {@code hashCode} so that equal encodings
 * make identical bytes (and the same reserved bits) from the same message; a broadcast caches by it.
 *
 * <p>Thread-safe: any thread may call any method at any time, also while the connections that reported the
 * encoding run.
 */
public interface SharedEncoding {
    /**
     * The encoding of a connection without a transforming extension: messages go out as they are.
     */
    SharedEncoding IDENTITY = new SharedEncoding() {
        @Override
        public int startMessage(Opcode type, long size) {
            return 0;
        }

        @Override
        public void encode(ByteBuffer message, PayloadSink sink) {
            throw new IllegalStateException("The identity encoding transforms no message");
        }

        @Override
        public String toString() {
            return "SharedEncoding.IDENTITY";
        }
    };

    /**
     * Decides whether a whole message is transformed, as the connection's own encoder decides it in
     * {@link ExtensionEncoder#startMessage} for a message of known size.
     *
     * @param type TEXT or BINARY
     * @param size the message's payload length in bytes
     * @return the reserved bits to set on the message's frame; 0 leaves the message untransformed
     */
    int startMessage(Opcode type, long size);

    /**
     * Transforms a whole message; called only when {@link #startMessage} returned non-zero for it.
     *
     * @param message the payload bytes between position and limit, consumed by the call
     * @param sink where the transformed bytes go, in order; it sees them on the calling thread
     */
    void encode(ByteBuffer message, PayloadSink sink);
}
