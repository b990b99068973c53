package dev.wskit.codec.engine;

import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;

/**
 * Two or more extensions' decoders run as one (RFC 6455 §9.1): received payload goes through the decoders of the
 * extensions that transform the current message in the reverse of the negotiated order, undoing the last
 * transformation first. Each decoder sees only the reserved bits its extension claims, and what it emits is
 * handed straight to the next one (nothing is buffered between them), so a size limit thrown by the caller's
 * sink stops the whole chain at once. Not thread-safe.
 */
final class ChainedDecoder implements ExtensionDecoder {
    private final ExtensionDecoder[] decoders;
    private final int[] claims;
    private final boolean[] active;
    private final PayloadSink[] sinks;
    private boolean transforming;
    private PayloadSink out;

    ChainedDecoder(Extension[] extensions) {
        this.decoders = new ExtensionDecoder[extensions.length];
        this.claims = new int[extensions.length];
        this.sinks = new PayloadSink[extensions.length];
        for (int i = 0; i < extensions.length; i++) {
            decoders[i] = extensions[i].decoder();
            claims[i] = extensions[i].rsvBits();
            int stage = i;
            sinks[i] = chunk -> pass(stage, chunk);
        }
        this.active = new boolean[extensions.length];
    }

    @Override
    public void onFrameHeader(boolean firstFrame, int rsv) {
        for (int i = 0; i < decoders.length; i++) {
            decoders[i].onFrameHeader(firstFrame, rsv & claims[i]);
        }
        if (firstFrame) {
            transforming = false;
            for (int i = 0; i < decoders.length; i++) {
                active[i] = decoders[i].isTransforming();
                transforming |= active[i];
            }
        }
    }

    @Override
    public boolean isTransforming() {
        return transforming;
    }

    @Override
    public void decode(ByteBuffer chunk, PayloadSink sink) {
        out = sink;
        pass(decoders.length, chunk);
    }

    @Override
    public void endMessage(PayloadSink sink) {
        out = sink;
        // the outermost transformation ends first: what it flushes still goes through the ones below it
        for (int i = decoders.length - 1; i >= 0; i--) {
            if (active[i]) {
                decoders[i].endMessage(sinks[i]);
            }
        }
    }

    /** Hands what the decoder at {@code stage} emitted to the next transforming decoder below it, or to the sink. */
    private void pass(int stage, ByteBuffer chunk) {
        for (int i = stage - 1; i >= 0; i--) {
            if (active[i]) {
                decoders[i].decode(chunk, sinks[i]);
                return;
            }
        }
        out.accept(chunk);
    }

    @Override
    public void release() {
        transforming = false;
        out = null;
        for (ExtensionDecoder decoder : decoders) {
            decoder.release();
        }
    }
}
