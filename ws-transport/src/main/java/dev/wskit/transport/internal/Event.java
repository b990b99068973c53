package dev.wskit.transport.internal;

import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;

/** Something to tell a connection's listener, recorded under the connection's lock and delivered outside it. */
sealed interface Event {
    void deliver(WebSocket.Listener listener, WebSocket socket);

    /** Returns the received bytes this event holds, which count against the receive-side limit. */
    default long size() {
        return 0;
    }

    /**
     * Tells whether the engine counted this event as a message handed over, to be reported delivered once the
     * listener has handled it (see {@code WebSocketEngine.awaitDeliveryBeforeClose}).
     */
    default boolean isMessage() {
        return false;
    }

    /** The handshake completed. */
    record Open() implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onOpen(socket);
        }
    }

    /** A text message. */
    record Text(String text) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onText(socket, text);
        }

        @Override
        public long size() {
            return text.length();
        }

        @Override
        public boolean isMessage() {
            return true;
        }
    }

    /** A binary message, copied out of the receive buffer. */
    record Binary(ByteBuffer data) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onBinary(socket, data);
        }

        @Override
        public boolean isMessage() {
            return true;
        }

        @Override
        public long size() {
            return data.remaining();
        }
    }

    /** A piece of a streamed message. */
    record Chunk(boolean text, ByteBuffer data, boolean last) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            if (text) {
                listener.onTextChunk(socket, data, last);
            } else {
                listener.onBinaryChunk(socket, data, last);
            }
        }

        @Override
        public boolean isMessage() {
            return true;
        }

        @Override
        public long size() {
            return data.remaining();
        }
    }

    /** A Ping or a Pong. */
    record Control(boolean ping, ByteBuffer data) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            if (ping) {
                listener.onPing(socket, data);
            } else {
                listener.onPong(socket, data);
            }
        }

        @Override
        public boolean isMessage() {
            return true;
        }
    }

    /** The send queue drained to its low watermark. */
    record Writable() implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onWritable(socket);
        }
    }

    /** The connection failed. */
    record Error(Throwable error) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onError(socket, error);
        }
    }

    /** The connection closed. */
    record Closed(int code, String reason, boolean wasClean) implements Event {
        @Override
        public void deliver(WebSocket.Listener listener, WebSocket socket) {
            listener.onClose(socket, code, reason, wasClean);
        }
    }

    static ByteBuffer copy(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        return copy;
    }
}
