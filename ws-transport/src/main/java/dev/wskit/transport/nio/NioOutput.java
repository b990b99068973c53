package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The output side of one {@link NioChannel}: output is produced into the loop's buffer (and encrypted into the
 * loop's TLS buffer), written at once, and only what the socket does not take is copied aside until it is
 * writable, when no more is produced.
 *
 * <p>Large payloads that go on the wire unchanged (a server's frames, prepared broadcasts) are not copied into
 * the loop's buffer: the handler writes their header there and hands the payload over, and it goes out with
 * a gathering write right after the header, or through {@code SSLEngine.wrap} of both for TLS. A payload the
 * socket does not take is kept as it is (it stays unchanged until its send completes), never copied aside.
 *
 * <p>Not thread-safe: used on the connection's loop only.
 */
final class NioOutput {
    private static final int WRITE_BUDGET = 1 << 20;
    private static final int PLAINTEXT_PER_RECORD = 16 * 1024;
    /** Payloads from this size on are handed over rather than copied into the loop's buffer. */
    private static final int MIN_DETACHED = 1024;
    /**
     * The most of a heap payload written per call: the JDK copies heap buffers into a temporary direct buffer
     * of their size, and keeps it for the thread, so an unbounded write would pin one as large as the message.
     */
    private static final int HEAP_WRITE_LIMIT = 256 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * How many bytes go out between two reports that the output is flushed while more is produced: a sender
     * that keeps the queue filled for a slow peer keeps the socket backed up at the end of every turn, and would
     * otherwise see no send complete (and {@code bufferedAmount} count written bytes) until it stops.
     */
    private static final int FLUSH_REPORT_BYTES = 64 * 1024;

    private final NioChannel channel;
    private final SocketChannel socket;
    private final ConnectionHandler handler;
    private final NioTls tls;
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private ByteBuffer unsent;
    private ByteBuffer spare;
    private ByteBuffer detached;
    private boolean unflushed;
    private long unreported;

    NioOutput(NioChannel channel, SocketChannel socket, ConnectionHandler handler, NioTls tls) {
        this.channel = channel;
        this.socket = socket;
        this.handler = handler;
        this.tls = tls;
    }

    /**
     * Writes what waits from earlier turns: bytes copied aside, then, without TLS, the rest of a payload handed
     * over (with TLS, that is plaintext still to encrypt, which {@link #writeTls} takes up first).
     *
     * @return true when nothing waits for the socket any more
     */
    boolean writePending() throws IOException {
        if (unsent != null && !writeUnsent()) {
            return false;
        }
        return tls != null || detached == null || writeDetached(null);
    }

    /** Produces and writes until the socket backs up; returns true when the budget ran out with output left. */
    boolean writePlain() throws IOException {
        int budget = WRITE_BUDGET;
        while (!channel.isEnded() && unsent == null && detached == null && handler.hasOutput()) {
            if (budget <= 0) {
                return true;
            }
            reportFlushedEvery(FLUSH_REPORT_BYTES);
            ByteBuffer buffer = channel.loop().writeBuffer();
            ByteBuffer payload = handler.produceGathering(buffer, MIN_DETACHED);
            int count = buffer.position() + (payload == null ? 0 : payload.remaining());
            if (count == 0) {
                break;
            }
            unflushed = true;
            unreported += count;
            budget -= count;
            if (payload == null) {
                transmit(buffer.flip());
            } else {
                detached = payload;
                writeDetached(buffer.flip());
            }
        }
        return false;
    }

    /**
     * As {@link #writePlain}, a record's worth of plaintext at a time, several records per write. A payload
     * handed over shares its first record with its header and fills whole records after it.
     */
    boolean writeTls() throws IOException {
        TlsBuffers buffers = channel.loop().tlsBuffers();
        int budget = WRITE_BUDGET;
        while (!channel.isEnded() && unsent == null && (detached != null || handler.hasOutput())) {
            if (budget <= 0) {
                return true;
            }
            if (detached == null) {
                reportFlushedEvery(FLUSH_REPORT_BYTES);
            }
            ByteBuffer out = buffers.netOut().clear();
            while (out.remaining() >= buffers.packetSize() && (detached != null || handler.hasOutput())) {
                ByteBuffer plain = EMPTY;
                ByteBuffer payload = detached;
                if (payload == null) {
                    plain = channel.loop().writeBuffer().limit(PLAINTEXT_PER_RECORD);
                    payload = handler.produceGathering(plain, MIN_DETACHED);
                    plain.flip();
                }
                int before = plain.remaining() + (payload == null ? 0 : payload.remaining());
                if (before == 0) {
                    break;
                }
                unflushed = true;
                out = payload == null ? tls.wrap(plain, out) : tls.wrap(plain, payload, out);
                int taken = before - (payload == null ? 0 : payload.remaining());
                unreported += taken;
                budget -= taken;
                detached = payload != null && payload.hasRemaining() ? payload : null;
            }
            if (out.position() == 0) {
                break;
            }
            transmit(out.flip());
        }
        return false;
    }

    /**
     * Writes {@code head} (when given) and then the payload handed over, in one gathering write; what is left of
     * {@code head} is copied aside, what is left of the payload stays where it is.
     *
     * @return true when all of both were written
     */
    private boolean writeDetached(ByteBuffer head) throws IOException {
        int limit = detached.limit();
        if (!detached.isDirect() && detached.remaining() > HEAP_WRITE_LIMIT) {
            detached.limit(detached.position() + HEAP_WRITE_LIMIT);
        }
        try {
            if (head == null) {
                socket.write(detached);
            } else {
                gather[0] = head;
                gather[1] = detached;
                socket.write(gather);
            }
        } finally {
            detached.limit(limit);
            gather[0] = null;
            gather[1] = null;
        }
        if (head != null && head.hasRemaining()) {
            return transmit(head);
        }
        if (detached.hasRemaining()) {
            channel.onWriteBlocked();
            return false;
        }
        detached = null;
        return true;
    }

    /**
     * Writes bytes; what the socket does not take is copied aside (after anything already waiting), to be
     * written when the socket is writable. While a slow peer keeps the socket backed up, one flush drains that
     * copy and refills the same buffer; a flush that leaves nothing behind lets it go.
     *
     * @param bytes the bytes
     * @return true when all of them were written
     * @throws IOException when writing fails
     */
    boolean transmit(ByteBuffer bytes) throws IOException {
        if (unsent == null) {
            socket.write(bytes);
            if (!bytes.hasRemaining()) {
                return true;
            }
            boolean reuse = spare != null && spare.capacity() >= bytes.remaining();
            unsent = (reuse ? spare.clear() : ByteBuffer.allocate(bytes.remaining())).put(bytes).flip();
            spare = null;
        } else {
            unsent = ByteBuffer.allocate(unsent.remaining() + bytes.remaining()).put(unsent).put(bytes).flip();
        }
        channel.onWriteBlocked();
        return false;
    }

    private boolean writeUnsent() throws IOException {
        socket.write(unsent);
        if (unsent.hasRemaining()) {
            return false;
        }
        spare = unsent;
        unsent = null;
        return true;
    }

    /**
     * Tells whether bytes produced earlier still wait for the socket (or, with TLS, for encryption).
     *
     * @return true while the handler's output is not all written
     */
    boolean hasPending() {
        return unsent != null || detached != null;
    }

    /**
     * Tells, once, that everything produced since the last time has been written.
     *
     * @return true when the handler should hear that its output is flushed
     */
    boolean takeFlushed() {
        if (unflushed && !hasPending()) {
            unflushed = false;
            unreported = 0;
            return true;
        }
        return false;
    }

    /** Tells the handler its output is flushed, mid-turn, once enough has gone out since the last report. */
    private void reportFlushedEvery(int bytes) {
        if (unreported >= bytes && takeFlushed()) {
            handler.onOutputFlushed();
        }
    }

    /** Lets go of the spare buffer at the end of a flush: an idle connection holds no buffer. */
    void endTurn() {
        spare = null;
    }

    /** Drops everything unwritten, when the connection ends. */
    void release() {
        unsent = null;
        spare = null;
        detached = null;
    }
}
