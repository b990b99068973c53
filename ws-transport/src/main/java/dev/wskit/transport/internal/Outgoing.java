package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.codec.message.Message;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A send waiting in a connection's queue, with the future that reports it ({@code null} for a send made without one). */
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

    /**
     * A whole text or binary message, its payload in wire form: a text message's UTF-8 is encoded once, by the
     * sending thread, and its length is the queue's accounting.
     */
    record Data(Opcode type, ByteBuffer payload, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public long size() {
            return payload.remaining();
        }

        @Override
        public boolean offerTo(WebSocketEngine engine) {
            return engine.sendWhole(type, payload);
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

    /** Frames encoded once for a broadcast. */
    record Encoded(ByteBuffer frames, long size, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public boolean offerTo(WebSocketEngine engine) {
            return engine.sendEncoded(frames);
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
