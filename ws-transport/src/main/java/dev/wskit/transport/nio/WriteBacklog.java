package dev.wskit.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * What a connection's socket did not take, waiting for it to be writable: bytes produced into the loop's buffers,
 * copied aside (they are reused by the next connection), and the pieces a gathering write left, the loop's bytes
 * among them copied aside and payloads kept as they are (they stay unchanged until their sends complete).
 *
 * <p>While a slow peer keeps the socket backed up, one flush drains the copy and the next refills the same
 * buffer; the connection lets the whole backlog go at the end of a turn that left nothing in it, so that an idle
 * connection holds none.
 *
 * <p>Not thread-safe: used on the connection's loop only.
 */
final class WriteBacklog {
    private final GatheringByteChannel socket;
    private ByteBuffer unsent;
    private ByteBuffer spare;
    /** What a gathering write left, in order from {@link #pendingFirst}. */
    private ByteBuffer[] pending;
    private int pendingFirst;

    /**
     * Creates an empty backlog.
     *
     * @param socket where its bytes go
     */
    WriteBacklog(GatheringByteChannel socket) {
        this.socket = socket;
    }

    /**
     * Copies aside what is left of some bytes, after anything already waiting.
     *
     * @param bytes the bytes, all consumed
     */
    void keepBytes(ByteBuffer bytes) {
        if (unsent == null) {
            boolean reuse = spare != null && spare.capacity() >= bytes.remaining();
            unsent = (reuse ? spare.clear() : ByteBuffer.allocate(bytes.remaining())).put(bytes).flip();
            spare = null;
        } else {
            unsent = ByteBuffer.allocate(unsent.remaining() + bytes.remaining()).put(unsent).put(bytes).flip();
        }
    }

    /**
     * Keeps what a gathering write left: the loop's bytes copied aside, payloads as they are.
     *
     * @param pieces the write's pieces, which the caller may clear afterwards
     * @param count how many of them the write had
     * @param buffers the loop's buffers, whose views are copied
     */
    void keepPieces(ByteBuffer[] pieces, int count, LoopBuffers buffers) {
        int first = 0;
        while (first < count && !pieces[first].hasRemaining()) {
            first++;
        }
        if (first == count) {
            return;
        }
        ByteBuffer[] left = new ByteBuffer[count - first];
        for (int i = first; i < count; i++) {
            ByteBuffer piece = pieces[i];
            left[i - first] = buffers.isWriteView(piece)
                ? ByteBuffer.allocate(piece.remaining()).put(piece).flip() : piece;
        }
        pending = left;
        pendingFirst = 0;
    }

    /**
     * Writes what waits: the bytes copied aside, then the pieces of a gathering write.
     *
     * @return true when nothing waits any more
     * @throws IOException when writing fails
     */
    boolean write() throws IOException {
        if (unsent != null) {
            socket.write(unsent);
            if (unsent.hasRemaining()) {
                return false;
            }
            spare = unsent;
            unsent = null;
        }
        if (pending != null) {
            socket.write(pending, pendingFirst, pending.length - pendingFirst);
            while (pendingFirst < pending.length && !pending[pendingFirst].hasRemaining()) {
                pendingFirst++;
            }
            if (pendingFirst < pending.length) {
                return false;
            }
            pending = null;
        }
        return true;
    }

    /** Tells whether bytes copied aside wait. */
    boolean hasBytes() {
        return unsent != null;
    }

    /** Tells whether pieces of a gathering write wait. */
    boolean hasPieces() {
        return pending != null;
    }

    /** Tells whether nothing waits. */
    boolean isEmpty() {
        return unsent == null && pending == null;
    }
}
