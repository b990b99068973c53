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

/**
 * A send accepted by a connection, with the future that reports it ({@code null} for a send made without one):
 * handed to the engine with a token, which the engine reports once the send is written or dropped.
 */
sealed interface Outgoing {
    CompletableFuture<Void> done();

    long size();

    /**
     * Hands this send to the engine, which queues it after those handed to it before.
     *
     * @param engine the connection's engine
     * @param token what the engine reports once it is written or dropped
     * @throws IllegalStateException when the engine refuses it (the connection not open for it, or a data
     *     message while a fragmented one is in progress)
     * @throws IllegalArgumentException when its payload may not be sent (text fragments that are not UTF-8, or
     *     a prepared message on a client)
     */
    void offerTo(WebSocketEngine engine, Object token);

    /** A whole message, as the application's Pings and Pongs are sent. */
    record Whole(Message message, long size, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public void offerTo(WebSocketEngine engine, Object token) {
            engine.send(message, token);
        }
    }

    /**
     * A whole text or binary message, its payload in wire form: a text message's UTF-8 is encoded once, by the
     * sending thread. The size is taken when queued (framing consumes the payload), for the queue's accounting.
     * Untransformed, it goes out without any extension's transformation (RFC 7692 §6: uncompressed). Mutable, so
     * that a connection reuses its entries ({@link SendQueue#data}); guarded by the connection's lock.
     */
    final class Data implements Outgoing {
        private Opcode type;
        private ByteBuffer payload;
        private boolean transform;
        private long size;
        private CompletableFuture<Void> done;
        private Data nextSpare;

        Data(Opcode type, ByteBuffer payload, boolean transform, CompletableFuture<Void> done) {
            set(type, payload, transform, done);
        }

        private void set(Opcode newType, ByteBuffer newPayload, boolean newTransform, CompletableFuture<Void> future) {
            type = newType;
            payload = newPayload;
            transform = newTransform;
            size = newPayload.remaining();
            done = future;
        }

        Opcode type() {
            return type;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void offerTo(WebSocketEngine engine, Object token) {
            engine.sendMessage(type, payload, transform, token);
        }

        /**
         * Takes this spare entry for another send made without a future.
         *
         * @return the spare that was behind this one
         */
        Data reuse(Opcode reusedType, ByteBuffer reusedPayload, boolean reusedTransform) {
            Data next = nextSpare;
            nextSpare = null;
            set(reusedType, reusedPayload, reusedTransform, null);
            return next;
        }

        /** Makes this entry a spare, ahead of {@code next}, holding on to nothing of its last send. */
        void spare(Data next) {
            payload = null;
            done = null;
            nextSpare = next;
        }

        /** Tells whether this entry is a spare, forgotten by its last send. */
        boolean isSpare() {
            return payload == null;
        }
    }

    /** One fragment of a message sent in pieces, its size taken when queued (framing consumes the chunk). */
    record Fragment(Opcode type, ByteBuffer chunk, boolean last, long size, CompletableFuture<Void> done)
        implements Outgoing {
        Fragment(Opcode type, ByteBuffer chunk, boolean last, CompletableFuture<Void> done) {
            this(type, chunk, last, chunk.remaining(), done);
        }

        @Override
        public void offerTo(WebSocketEngine engine, Object token) {
            engine.sendFragment(type, chunk, last, token);
        }
    }

    /**
     * A message prepared for a broadcast: the frame shared by the connections with this one's encoding, or, on a
     * connection whose extension keeps state from message to message, the payload for that extension to
     * transform as it transforms this connection's other messages. A send with a future has an entry of its own;
     * an offer without one is queued as the message itself, carried to the queue by its one carrier entry
     * ({@link SendQueue#encoded}), so that a broadcast allocates no entry per delivery. Mutable for that carrier
     * only; guarded by the connection's lock.
     */
    final class Encoded implements Outgoing {
        private PreparedMessage message;
        private final CompletableFuture<Void> done;

        Encoded(PreparedMessage message, CompletableFuture<Void> done) {
            this.message = message;
            this.done = done;
        }

        PreparedMessage message() {
            return message;
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public long size() {
            return message.payloadLength();
        }

        /**
         * Hands the prepared message to the engine: its shared frame, or its payload for the connection's own
         * extension state.
         */
        @Override
        public void offerTo(WebSocketEngine engine, Object token) {
            if (engine.role() == Role.CLIENT) {
                throw new IllegalArgumentException("Prepared messages are for servers; client frames need fresh masks");
            }
            if (message.compression() == Compression.NONE) {
                engine.sendEncoded(PreparedFrames.sharedFrame(message, SharedEncoding.IDENTITY), token);
                return;
            }
            SharedEncoding shared = engine.sharedEncoding();
            if (shared == null) {
                engine.sendMessage(message.type(), message.payload(), true, token);
            } else {
                engine.sendEncoded(PreparedFrames.sharedFrame(message, shared), token);
            }
        }

        /** Makes the carrier entry carry another message to the queue, or none. */
        void carry(PreparedMessage carried) {
            message = carried;
        }
    }

    /** The start of the close handshake, after the messages accepted before it; no token is reported for it. */
    record Close(CloseCode code, String reason, CompletableFuture<Void> done) implements Outgoing {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public void offerTo(WebSocketEngine engine, Object token) {
            engine.close(code, reason);
        }
    }
}
