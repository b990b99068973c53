package dev.wskit.transport.nio;

import java.nio.ByteBuffer;

/**
 * The buffers an {@link EventLoop} lends to one connection at a time: the direct read and write buffers, views of
 * the write buffer and the array of pieces for a gathering write, and the TLS buffers, made the first time a TLS
 * connection needs them. What a connection is lent is valid until it returns to the loop.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class LoopBuffers {
    static final int BUFFER_SIZE = 64 * 1024;

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** Views of the write buffer, one per stretch between two payloads of a gathering write. */
    private final ByteBuffer[] writeViews = new ByteBuffer[WriteLimits.MAX_GATHERED + 1];
    /** The pieces of a gathering write: stretches of the write buffer and payloads, alternately. */
    private final ByteBuffer[] gatherPieces = new ByteBuffer[2 * WriteLimits.MAX_GATHERED + 1];
    private TlsBuffers tlsBuffers;

    /** Returns the read buffer, cleared. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /** Returns the write buffer, cleared. */
    ByteBuffer writeBuffer() {
        return writeBuffer.clear();
    }

    /**
     * Returns a view of the write buffer, for a gathering write.
     *
     * @param index which view, below {@link WriteLimits#MAX_GATHERED} + 1
     * @return the view, its position and limit to be set by the caller
     */
    ByteBuffer writeView(int index) {
        ByteBuffer view = writeViews[index];
        if (view == null) {
            view = writeBuffer.duplicate();
            writeViews[index] = view;
        }
        return view.clear();
    }

    /**
     * Tells whether a buffer is one of the views of the write buffer, whose bytes the next write reuses.
     *
     * @param buffer the buffer
     * @return true for a view from {@link #writeView}
     */
    boolean isWriteView(ByteBuffer buffer) {
        for (ByteBuffer view : writeViews) {
            if (view == buffer) {
                return true;
            }
        }
        return false;
    }

    /** Returns the array for the pieces of a gathering write, empty. */
    ByteBuffer[] gatherPieces() {
        return gatherPieces;
    }

    /** Returns the TLS buffers, made the first time a TLS connection needs them. */
    TlsBuffers tlsBuffers() {
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers();
        }
        return tlsBuffers;
    }
}
