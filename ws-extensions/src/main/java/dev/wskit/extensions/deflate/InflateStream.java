package dev.wskit.extensions.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Inflater;

/**
 * A raw inflate stream (RFC 7692 §7.2.2: DEFLATE without a zlib header) with its buffers: one where small
 * chunks of compressed input wait to be inflated together with what follows them, and, while the stream is
 * borrowed for one message at a time, one that output passes through on the way to a sink. Pooled as one,
 * so that a message borrows nothing else.
 *
 * <p>Not thread-safe: one connection at a time. Holds native memory until {@link #end()}.
 */
final class InflateStream {
    /** The size of the input buffer: 512 bytes of small chunks with a 4-byte tail on either side (§7.2.2). */
    static final int INPUT_SIZE = 512 + 2 * 4;

    private final Inflater inflater = new Inflater(true);
    private final byte[] input = new byte[INPUT_SIZE];
    private ByteBuffer output;

    Inflater inflater() {
        return inflater;
    }

    byte[] input() {
        return input;
    }

    /** Returns the output buffer, made at the first call, of {@link ZlibPools#BUFFER_SIZE} bytes. */
    ByteBuffer output() {
        if (output == null) {
            output = ByteBuffer.allocate(ZlibPools.BUFFER_SIZE);
        }
        return output;
    }

    /** Lets go of the output buffer, for a stream that a connection keeps: it would sit idle between messages. */
    void dropOutput() {
        output = null;
    }

    boolean hasOutput() {
        return output != null;
    }

    /** Empties the LZ77 window and drops the input, ready for a message that refers to nothing before it. */
    void reset() {
        inflater.reset();
    }

    /** Frees the native memory; the stream is unusable afterwards. */
    void end() {
        inflater.end();
    }
}
