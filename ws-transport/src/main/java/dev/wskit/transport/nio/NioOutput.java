package dev.wskit.transport.nio;

import static dev.wskit.transport.nio.WriteLimits.FLUSH_REPORT_BYTES;
import static dev.wskit.transport.nio.WriteLimits.HEAP_WRITE_LIMIT;
import static dev.wskit.transport.nio.WriteLimits.MAX_GATHERED;
import static dev.wskit.transport.nio.WriteLimits.MAX_GATHERED_BYTES;
import static dev.wskit.transport.nio.WriteLimits.MIN_DETACHED;
import static dev.wskit.transport.nio.WriteLimits.MIN_GATHER_ROOM;
import static dev.wskit.transport.nio.WriteLimits.WRITE_BUDGET;

import dev.wskit.transport.spi.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The output side of one {@link NioChannel}: output is produced into the loop's buffer (and encrypted into the
 * loop's TLS buffer), written at once, and only what the socket does not take is copied aside until it is
 * writable, when no more is produced.
 *
 * <p>Large payloads that go on the wire unchanged (a server's frames, prepared broadcasts) are not copied into
 * the loop's buffer: the handler writes their header there and hands the payload over, and it goes out with
 * a gathering write right after the header, or through {@code SSLEngine.wrap} of both for TLS. Without TLS,
 * several such payloads queued together (a burst of a fan-out's large messages) go out in one gathering write,
 * with the bytes produced between them. A payload the socket does not take is kept as it is (it stays unchanged
 * until its send completes), never copied aside.
 *
 * <p>How much goes out per turn and per write is bounded by {@link WriteLimits}.
 *
 * <p>Not thread-safe: used on the connection's loop only.
 */
final class NioOutput {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final NioChannel channel;
    private final SocketChannel socket;
    private final ConnectionHandler handler;
    private final NioTls tls;
    /** What the socket did not take; {@code null} when nothing waits and the turn that drained it has ended. */
    private WriteBacklog backlog;
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
        if (backlog != null && !backlog.write()) {
            return false;
        }
        return tls != null || detached == null || writeDetached(null);
    }

    /** Produces and writes until the socket backs up; returns true when the budget ran out with output left. */
    boolean writePlain() throws IOException {
        long budget = WRITE_BUDGET;
        while (!channel.isEnded() && !hasPending() && handler.hasOutput()) {
            if (budget <= 0) {
                return true;
            }
            reportFlushedEvery(FLUSH_REPORT_BYTES);
            ByteBuffer buffer = channel.loop().buffers().writeBuffer();
            ByteBuffer payload = handler.produceGathering(buffer, MIN_DETACHED);
            long count = buffer.position() + (payload == null ? 0 : payload.remaining());
            if (count == 0) {
                break;
            }
            unflushed = true;
            if (payload == null) {
                transmit(buffer.flip());
            } else if (payload.remaining() >= MAX_GATHERED_BYTES || !handler.hasOutput()) {
                detached = payload;
                writeDetached(buffer.flip());
            } else {
                count += writeGathered(buffer, payload);
            }
            unreported += count;
            budget -= count;
        }
        return false;
    }

    /**
     * Produces more after a payload handed over, while payloads keep coming (up to
     * {@link WriteLimits#MAX_GATHERED} of them, {@link WriteLimits#MAX_GATHERED_BYTES} in all), and writes it all in
     * one gathering write: the bytes produced into the loop's buffer between the payloads, and the payloads from
     * their own buffers. What the socket does not take waits in the {@link WriteBacklog}; a large payload produced
     * last waits after it, as {@link #detached}.
     *
     * @param buffer the loop's buffer, holding what was produced before {@code first}
     * @param first the first payload handed over
     * @return the bytes produced beyond {@code buffer}'s and {@code first}'s
     */
    private long writeGathered(ByteBuffer buffer, ByteBuffer first) throws IOException {
        LoopBuffers loop = channel.loop().buffers();
        ByteBuffer[] pieces = loop.gatherPieces();
        int count = 0;
        int payloads = 0;
        int headStart = 0;
        long gathered = 0;
        long produced = 0;
        ByteBuffer payload = first;
        while (payload != null) {
            count = addHead(pieces, count, loop.writeView(payloads), headStart, buffer.position());
            headStart = buffer.position();
            if (payload.remaining() >= MAX_GATHERED_BYTES) {
                detached = payload;
                break;
            }
            pieces[count++] = payload;
            payloads++;
            gathered += payload.remaining();
            if (payloads == MAX_GATHERED || gathered >= MAX_GATHERED_BYTES || buffer.remaining() < MIN_GATHER_ROOM
                || channel.isEnded() || !handler.hasOutput()) {
                break;
            }
            payload = handler.produceGathering(buffer, MIN_DETACHED);
            produced += buffer.position() - headStart + (payload == null ? 0 : payload.remaining());
            if (payload == null) {
                count = addHead(pieces, count, loop.writeView(payloads), headStart, buffer.position());
            }
        }
        try {
            socket.write(pieces, 0, count);
            if (pieces[count - 1].hasRemaining()) {
                backlog().keepPieces(pieces, count, loop);
            }
        } finally {
            Arrays.fill(pieces, 0, count, null);
        }
        if (backlog != null && backlog.hasPieces()) {
            channel.onWriteBlocked();
        } else if (detached != null) {
            writeDetached(null);
        }
        return produced;
    }

    /** Adds the bytes produced into the loop's buffer between two payloads, through one of the loop's views. */
    private static int addHead(ByteBuffer[] pieces, int count, ByteBuffer view, int from, int to) {
        if (to == from) {
            return count;
        }
        pieces[count] = view.limit(to).position(from);
        return count + 1;
    }

    /**
     * As {@link #writePlain}, a record's worth of plaintext at a time, several records per write. A payload
     * handed over shares its first record with its header and fills whole records after it.
     */
    boolean writeTls() throws IOException {
        TlsBuffers buffers = channel.loop().tlsBuffers();
        int budget = WRITE_BUDGET;
        while (!channel.isEnded() && !hasUnsentBytes() && (detached != null || handler.hasOutput())) {
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
                    plain = buffers.plainOut();
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
                // the loop's array, not one of this connection's: an idle connection holds none
                ByteBuffer[] pieces = channel.loop().buffers().gatherPieces();
                pieces[0] = head;
                pieces[1] = detached;
                try {
                    socket.write(pieces, 0, 2);
                } finally {
                    pieces[0] = null;
                    pieces[1] = null;
                }
            }
        } finally {
            detached.limit(limit);
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
     * written when the socket is writable.
     *
     * @param bytes the bytes
     * @return true when all of them were written
     * @throws IOException when writing fails
     */
    boolean transmit(ByteBuffer bytes) throws IOException {
        if (!hasUnsentBytes()) {
            socket.write(bytes);
            if (!bytes.hasRemaining()) {
                return true;
            }
        }
        backlog().keepBytes(bytes);
        channel.onWriteBlocked();
        return false;
    }

    private boolean hasUnsentBytes() {
        return backlog != null && backlog.hasBytes();
    }

    private WriteBacklog backlog() {
        if (backlog == null) {
            backlog = new WriteBacklog(socket);
        }
        return backlog;
    }

    /**
     * Tells whether bytes produced earlier still wait for the socket (or, with TLS, for encryption).
     *
     * @return true while the handler's output is not all written
     */
    boolean hasPending() {
        return backlog != null && !backlog.isEmpty() || detached != null;
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

    /** Lets go of a drained backlog at the end of a flush: an idle connection holds no buffer. */
    void endTurn() {
        if (backlog != null && backlog.isEmpty()) {
            backlog = null;
        }
    }

    /** Drops everything unwritten, when the connection ends. */
    void release() {
        backlog = null;
        detached = null;
    }
}
