package dev.wskit.benchmarks.compare;

import java.nio.ByteBuffer;

/**
 * Counts the server's replies in the bytes it sends back, parsing no more than needed. Not thread-safe: one
 * per connection.
 */
sealed interface Replies permits Replies.Frames, Replies.Echoes {

    /**
     * Consumes received bytes.
     *
     * @param src the bytes, consumed entirely
     * @return how many replies were completed by them
     */
    int consume(ByteBuffer src);

    /**
     * Tells whether the server closed: a Close frame arrived (WebSocket only).
     *
     * @return true once a Close frame was seen
     */
    boolean closed();

    /**
     * Makes the counter a target needs.
     *
     * @param target the target
     * @param requestLength the raw echo's reply length: the request's
     * @return a frame counter for WebSocket targets, a byte counter for the raw echo
     */
    static Replies forTarget(Target target, int requestLength) {
        return target.isWebSocket() ? new Frames() : new Echoes(requestLength);
    }

    /**
     * Counts whole data messages among unmasked server frames (RFC 6455 §5.2): a frame with FIN set that is
     * not a control frame ends one. Payloads are skipped, not read.
     */
    final class Frames implements Replies {
        private final byte[] header = new byte[14];
        private int headerLength;
        private long payloadLeft = -1;
        private boolean closed;

        @Override
        public int consume(ByteBuffer src) {
            int completed = 0;
            while (src.hasRemaining()) {
                if (payloadLeft >= 0) {
                    int skip = (int) Math.min(payloadLeft, src.remaining());
                    src.position(src.position() + skip);
                    payloadLeft -= skip;
                } else {
                    header[headerLength++] = src.get();
                    payloadLeft = headerComplete() ? payloadLength() : -1;
                }
                if (payloadLeft == 0) {
                    completed += endFrame();
                }
            }
            return completed;
        }

        @Override
        public boolean closed() {
            return closed;
        }

        private boolean headerComplete() {
            if (headerLength < 2) {
                return false;
            }
            int lengthCode = header[1] & 0b0111_1111;
            int needed = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0)
                + ((header[1] & 0b1000_0000) != 0 ? 4 : 0);
            return headerLength == needed;
        }

        private long payloadLength() {
            int lengthCode = header[1] & 0b0111_1111;
            if (lengthCode < 126) {
                return lengthCode;
            }
            long length = 0;
            for (int i = 2; i < (lengthCode == 126 ? 4 : 10); i++) {
                length = (length << 8) | (header[i] & 0xff);
            }
            return length;
        }

        private int endFrame() {
            boolean fin = (header[0] & 0b1000_0000) != 0;
            int opcode = header[0] & 0b0000_1111;
            headerLength = 0;
            payloadLeft = -1;
            closed |= opcode == 0x8;
            return fin && opcode < 0x8 ? 1 : 0;
        }
    }

    /** Counts echoes of a raw request: every {@code length} bytes back are one. */
    final class Echoes implements Replies {
        private final int length;
        private long pending;

        Echoes(int length) {
            this.length = length;
        }

        @Override
        public int consume(ByteBuffer src) {
            pending += src.remaining();
            src.position(src.limit());
            int completed = (int) (pending / length);
            pending %= length;
            return completed;
        }

        @Override
        public boolean closed() {
            return false;
        }
    }
}
