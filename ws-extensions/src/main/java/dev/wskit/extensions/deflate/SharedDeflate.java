package dev.wskit.extensions.deflate;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.codec.spi.SharedEncoding;
import java.nio.ByteBuffer;

/**
 * permessage-deflate's compression of a whole message from an empty window (RFC 7692 §7.1.1.1, §7.2.1), which
 * is the same for every connection whose server compresses without context takeover with the same window
 * (§7.1.2.1), zlib level and threshold: a broadcast compresses a message once for all of them. Equal when
 * made from the same pools (which fix the level), threshold and window bits.
 *
 * <p>Thread-safe: each call borrows a reset compressor from the pools and returns it.
 *
 * @param pools where the compressor comes from; compared by identity
 * @param threshold messages below this many bytes go out uncompressed (§6)
 * @param windowBits the window the compressor keeps to, 8 to 15 (§7.1.2)
 */
record SharedDeflate(ZlibPools pools, long threshold, int windowBits) implements SharedEncoding {
    @Override
    public int startMessage(Opcode type, long size) {
        return compressor().startMessage(type, size);
    }

    @Override
    public void encode(ByteBuffer message, PayloadSink sink) {
        MessageDeflater compressor = compressor();
        try {
            compressor.encode(message, true, sink);
        } finally {
            // gives the zlib stream back even when the sink stopped the compression midway
            compressor.close();
        }
    }

    /** A compressor for one message, with the same decisions and output as a connection's without context. */
    private MessageDeflater compressor() {
        return new MessageDeflater(pools, threshold, false, windowBits);
    }
}
