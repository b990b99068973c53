package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A stand-in extension for chain tests: it claims one reserved bit, sets it on the first frame of the messages
 * it transforms, and maps every payload byte reversibly (XOR or addition with a constant, which do not commute,
 * so a chain run in the wrong order garbles the data). It hands its output on in pieces of at most 7 bytes, and
 * fails with 1002 when its bit is on a continuation frame, as RFC 7692 §6.1 has it for RSV1.
 */
final class ByteMapExtension implements Extension {
    private static final int PIECE = 7;

    private final String name;
    private final int rsvBits;
    private final IntUnaryOperator forward;
    private final IntUnaryOperator backward;
    private final Opcode onlyType;
    private final List<String> closed;
    private final ExtensionDecoder decoder = new Decoder();
    private final ExtensionEncoder encoder = new Encoder();

    private ByteMapExtension(String name, int rsvBits, IntUnaryOperator forward, IntUnaryOperator backward,
                             Opcode onlyType, List<String> closed) {
        this.name = name;
        this.rsvBits = rsvBits;
        this.forward = forward;
        this.backward = backward;
        this.onlyType = onlyType;
        this.closed = closed;
    }

    static ByteMapExtension xor(String name, int bit, int constant, List<String> closed) {
        return new ByteMapExtension(name, bit, b -> b ^ constant, b -> b ^ constant, null, closed);
    }

    static ByteMapExtension add(String name, int bit, int constant, List<String> closed) {
        return new ByteMapExtension(name, bit, b -> b + constant, b -> b - constant, null, closed);
    }

    /** This extension, transforming only messages of one type. */
    ByteMapExtension only(Opcode type) {
        return new ByteMapExtension(name, rsvBits, forward, backward, type, closed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rsvBits() {
        return rsvBits;
    }

    @Override
    public ExtensionDecoder decoder() {
        return decoder;
    }

    @Override
    public ExtensionEncoder encoder() {
        return encoder;
    }

    private final class Decoder implements ExtensionDecoder {
        private boolean transforming;

        @Override
        public void onFrameHeader(boolean firstFrame, int rsv) {
            if ((rsv & ~rsvBits) != 0) {
                throw new AssertionError(name + " was shown another extension's bits: " + rsv);
            }
            if (firstFrame) {
                transforming = rsv != 0;
            } else if (rsv != 0) {
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR, name + " bit set on a continuation frame");
            }
        }

        @Override
        public boolean isTransforming() {
            return transforming;
        }

        @Override
        public void decode(ByteBuffer chunk, PayloadSink sink) {
            map(chunk, backward, sink);
        }

        @Override
        public void endMessage(PayloadSink sink) {
            transforming = false;
        }
    }

    private final class Encoder implements ExtensionEncoder {
        @Override
        public int startMessage(Opcode type, long sizeHint) {
            return onlyType == null || onlyType == type ? rsvBits : 0;
        }

        @Override
        public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
            map(src, forward, sink);
        }
    }

    private static void map(ByteBuffer src, IntUnaryOperator operation, PayloadSink sink) {
        byte[] piece = new byte[PIECE];
        while (src.hasRemaining()) {
            int count = Math.min(PIECE, src.remaining());
            for (int i = 0; i < count; i++) {
                piece[i] = (byte) operation.applyAsInt(src.get() & 0xFF);
            }
            sink.accept(ByteBuffer.wrap(piece, 0, count));
        }
    }

    @Override
    public void close() {
        closed.add(name);
    }
}
