package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.codec.message.Message;
import dev.wskit.codec.spi.SharedEncoding;
import dev.wskit.transport.Compression;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A send waiting in a connection's queue, with the future that reports it. */
sealed interface Outgoing {
    CompletableFuture<Void> done();

    long size();

    /**
     * Hands this send to the engine.
     *
     * @return false when the engine is still framing the previous data message
     */
    boolean offerTo(WebSocketEngine engine);

    /** A whole data message. */
    record Whole(Message message, long size, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public boolean offerTo(WebSocketEngine engine) {
            return engine.send(message);
        }
    }

    /** One fragment of a message sent in pieces. */
    record Fragment(Opcode type, ByteBuffer chunk, boolean last, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public long size() {
            return chunk.remaining();
        }

        @Override
        public boolean offerTo(WebSocketEngine engine) {
            return engine.sendFragment(type, chunk, last);
        }
    }

    /**
     * A message prepared for a broadcast: the frame shared by the connections with this one's encoding, or, on a
     * connection whose extension keeps state from message to message, the payload for that extension to
     * transform as it transforms this connection's other messages.
     */
    record Encoded(PreparedMessage message, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public long size() {
            return message.payloadLength();
        }

        @Override
        public boolean offerTo(WebSocketEngine engine) {
            if (engine.role() == Role.CLIENT) {
                throw new IllegalArgumentException("Prepared messages are for servers; client frames need fresh masks");
            }
            if (message.compression() == Compression.NONE) {
                return engine.sendEncoded(message.frame());
            }
            SharedEncoding shared = engine.sharedEncoding();
            return shared == null ? engine.sendMessage(message.type(), message.payload(), true)
                : engine.sendEncoded(message.frame(shared));
        }
    }

    /** A whole data message sent without any extension's transformation (RFC 7692 §6: uncompressed). */
    record Untransformed(Opcode type, ByteBuffer payload, long size, CompletableFuture<Void> done)
        implements Outgoing {
        @Override
        public boolean offerTo(WebSocketEngine engine) {
            return engine.sendMessage(type, payload, false);
        }
    }

    /** The start of the close handshake, after the messages queued before it. */
    record Close(CloseCode code, String reason, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public boolean offerTo(WebSocketEngine engine) {
            engine.close(code, reason);
            return true;
        }
    }
}
