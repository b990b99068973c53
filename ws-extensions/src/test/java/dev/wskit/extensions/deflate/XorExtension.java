package dev.wskit.extensions.deflate;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;

/**
 * A stand-in second extension, for chains with permessage-deflate (RFC 6455 §9.1): it claims one reserved bit,
 * sets it on the first frame of every message, and XORs every payload byte with a constant, handing its output
 * on in pieces of at most 7 bytes. Its bit on a continuation frame fails with 1002.
 */
final class XorExtension implements Extension {
    static final String NAME = "x-xor";
    private static final int PIECE = 7;

    private final int bit;
    private final int constant;
    private final Decoder decoder = new Decoder();
    private final Encoder encoder = new Encoder();

    XorExtension(int bit, int constant) {
        this.bit = bit;
        this.constant = constant;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rsvBits() {
        return bit;
    }

    @Override
    public ExtensionDecoder decoder() {
        return decoder;
    }

    @Override
    public ExtensionEncoder encoder() {
        return encoder;
    }

    @Override
    public void close() {
    }

    /** XORs a copy of the bytes, as both directions do. */
    byte[] xor(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) (bytes[i] ^ constant);
        }
        return out;
    }

    private void xor(ByteBuffer src, PayloadSink sink) {
        byte[] piece = new byte[PIECE];
        while (src.hasRemaining()) {
            int count = Math.min(PIECE, src.remaining());
            for (int i = 0; i < count; i++) {
                piece[i] = (byte) (src.get() ^ constant);
            }
            sink.accept(ByteBuffer.wrap(piece, 0, count));
        }
    }

    private final class Decoder implements ExtensionDecoder {
        private boolean transforming;

        @Override
        public void onFrameHeader(boolean firstFrame, int rsv) {
            if (firstFrame) {
                transforming = rsv != 0;
            } else if (rsv != 0) {
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR, NAME + " bit set on a continuation frame");
            }
        }

        @Override
        public boolean isTransforming() {
            return transforming;
        }

        @Override
        public void decode(ByteBuffer chunk, PayloadSink sink) {
            xor(chunk, sink);
        }

        @Override
        public void endMessage(PayloadSink sink) {
            transforming = false;
        }
    }

    private final class Encoder implements ExtensionEncoder {
        @Override
        public int startMessage(Opcode type, long sizeHint) {
            return bit;
        }

        @Override
        public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
            xor(src, sink);
        }
    }
}
