package dev.wskit.transport;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in second extension with its negotiator, for chains with permessage-deflate (RFC 6455 §9): the
 * parameterless {@code x-xor} claims RSV2, sets it on the first frame of every message and XORs every payload
 * byte with a constant. It counts the messages it encoded and decoded, so a test can tell it ran.
 */
final class XorNegotiator implements ExtensionNegotiator {
    static final String NAME = "x-xor";
    private static final int CONSTANT = 0x5A;

    final AtomicInteger encoded = new AtomicInteger();
    final AtomicInteger decoded = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Agreement> accept(List<ExtensionOffer> offers) {
        return Optional.of(new Agreement(ExtensionOffer.of(NAME), new Xor()));
    }

    @Override
    public List<ExtensionOffer> offers() {
        return List.of(ExtensionOffer.of(NAME));
    }

    @Override
    public Extension accepted(ExtensionOffer response) throws HandshakeException {
        if (!response.parameters().isEmpty()) {
            throw new HandshakeException(101, "Expected " + NAME + " without parameters but was " + response);
        }
        return new Xor();
    }

    private static void xor(ByteBuffer src, PayloadSink sink) {
        byte[] piece = new byte[Math.min(src.remaining(), 4096)];
        while (src.hasRemaining()) {
            int count = Math.min(piece.length, src.remaining());
            for (int i = 0; i < count; i++) {
                piece[i] = (byte) (src.get() ^ CONSTANT);
            }
            sink.accept(ByteBuffer.wrap(piece, 0, count));
        }
    }

    /** The extension on one connection. */
    private final class Xor implements Extension, ExtensionEncoder, ExtensionDecoder {
        private boolean transforming;

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int rsvBits() {
            return FrameHeader.RSV2;
        }

        @Override
        public ExtensionDecoder decoder() {
            return this;
        }

        @Override
        public ExtensionEncoder encoder() {
            return this;
        }

        @Override
        public int startMessage(Opcode type, long sizeHint) {
            encoded.incrementAndGet();
            return FrameHeader.RSV2;
        }

        @Override
        public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
            xor(src, sink);
        }

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
            decoded.incrementAndGet();
            transforming = false;
        }

        @Override
        public void close() {
        }
    }
}
