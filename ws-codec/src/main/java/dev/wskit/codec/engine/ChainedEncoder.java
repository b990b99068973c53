package dev.wskit.codec.engine;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;

/**
 * Two or more extensions' encoders run as one (RFC 6455 §9.1): a piece of payload goes through the encoders of
 * the extensions that transform the current message, in negotiated order. Each encoder gets one call per piece
 * with the piece's own {@code endOfMessage}, as it would alone, so what one emits is gathered (in a buffer kept
 * between messages) before it goes to the next; the last one writes to the caller's sink. Not thread-safe.
 */
final class ChainedEncoder implements ExtensionEncoder {
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final ExtensionEncoder[] encoders;
    private final boolean[] transforming;
    private final Gathered[] between;

    ChainedEncoder(Extension[] extensions) {
        this.encoders = new ExtensionEncoder[extensions.length];
        this.between = new Gathered[extensions.length];
        for (int i = 0; i < extensions.length; i++) {
            encoders[i] = extensions[i].encoder();
            between[i] = new Gathered();
        }
        this.transforming = new boolean[extensions.length];
    }

    @Override
    public int startMessage(Opcode type, long sizeHint) {
        int rsv = 0;
        for (int i = 0; i < encoders.length; i++) {
            int bits = encoders[i].startMessage(type, sizeHint);
            transforming[i] = bits != 0;
            rsv |= bits;
        }
        return rsv;
    }

    @Override
    public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
        int last = lastTransforming();
        ByteBuffer input = src;
        for (int i = 0; i < last; i++) {
            if (transforming[i]) {
                encoders[i].encode(input, endOfMessage, between[i].clear());
                input = between[i].view();
            }
        }
        encoders[last].encode(input, endOfMessage, sink);
        if (endOfMessage) {
            for (Gathered gathered : between) {
                gathered.trim();
            }
        }
    }

    private int lastTransforming() {
        for (int i = encoders.length - 1; i > 0; i--) {
            if (transforming[i]) {
                return i;
            }
        }
        return 0;
    }

    /** One encoder's output for one piece, read by the next encoder. */
    private static final class Gathered implements PayloadSink {
        private byte[] bytes = new byte[0];
        private ByteBuffer view = ByteBuffer.wrap(bytes);
        private int length;

        Gathered clear() {
            length = 0;
            return this;
        }

        @Override
        public void accept(ByteBuffer chunk) {
            int count = chunk.remaining();
            if (bytes.length - length < count) {
                byte[] larger = new byte[Math.max(length + count, Math.max(256, bytes.length * 2))];
                System.arraycopy(bytes, 0, larger, 0, length);
                bytes = larger;
                view = ByteBuffer.wrap(bytes);
            }
            chunk.get(bytes, length, count);
            length += count;
        }

        ByteBuffer view() {
            return view.clear().limit(length);
        }

        void trim() {
            if (bytes.length > RETAINED_CAPACITY) {
                bytes = new byte[0];
                view = ByteBuffer.wrap(bytes);
            }
            length = 0;
        }
    }
}
