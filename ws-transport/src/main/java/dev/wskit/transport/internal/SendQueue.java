package dev.wskit.transport.internal;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.SendListener;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The accounting of the sends a connection has accepted and not yet written: {@code bufferedAmount} and
 * writability (high and low watermarks with hysteresis), and the sends' futures. The sends themselves wait in the
 * engine, which keeps them in RFC 6455 order (§5.4, §5.5) and reports each one's token once written or dropped
 * ({@link SendListener}); a send's future completes once the bytes written before it have been flushed, and fails
 * when the engine drops it (after a Close, §5.5.1) and the transport ends, or when an overflow closes.
 *
 * <p>A broadcast allocates nothing per delivery, and touches little of the connection: a prepared message offered
 * without a future goes to the engine with itself as its token, with no entry of its own ({@link #encoded} hands
 * out one carrier entry, which {@link #add} unwraps); entries of whole messages offered without a future are
 * reused once their send has completed or failed. So a token is either an {@link Outgoing} or a
 * {@link PreparedMessage}.
 *
 * <p>Guarded by the connection's lock (or its serving thread), except the byte count and the writable flag,
 * which any thread reads and {@link #reserve}s.
 */
final class SendQueue implements SendListener {
    /**
     * Spare entries of whole messages kept at most: enough for a burst queued between two writes (a sender
     * that runs ahead of the event loop queues dozens per connection). A connection keeps no more spares than it
     * once had entries queued at the same time, so the bound costs memory (about 32 bytes an entry) only on one
     * that had that many queued, and then no more than they took while queued.
     */
    static final int MAX_SPARES = 256;
    private static final VarHandle BUFFERED;

    static {
        try {
            BUFFERED = MethodHandles.lookup().findVarHandle(SendQueue.class, "buffered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The bytes accepted and not yet written: changed atomically (other threads reserve bytes for the sends they
     * hand a confined connection), in this object rather than one of its own to fetch per send; read by any
     * thread.
     */
    private volatile long buffered;
    private final Backpressure limits;
    private volatile boolean writable = true;
    private WebSocketEngine engine;
    /** The tokens the engine wrote since the last flush, completed by the next. */
    private final List<Object> written = new ArrayList<>();
    /** The tokens the engine will never write, failed when the transport ends. */
    private final List<Object> dropped = new ArrayList<>();
    /** The entry {@link #encoded} hands out for every prepared message offered without a future. */
    private final Outgoing.Encoded carrier = new Outgoing.Encoded(null, null);
    private Outgoing.Data spareData;
    private int spareDataCount;

    SendQueue(Backpressure limits) {
        this.limits = limits;
    }

    /**
     * Hands the sends to come to the connection's engine, once the handshake has created it (with this queue as
     * its {@link SendListener}).
     *
     * @param opened the engine
     */
    void attach(WebSocketEngine opened) {
        this.engine = opened;
    }

    /**
     * Returns an entry for a prepared message: for one offered without a future, the queue's carrier entry,
     * which carries it until {@link #add} queues the message itself or {@link #release} lets it go (so call
     * those before the next call of this method).
     *
     * @param message the message
     * @param done its future, or {@code null} for a send made without one
     * @return the entry, for {@link #add} (or {@link #release} when it is not added)
     */
    Outgoing.Encoded encoded(PreparedMessage message, CompletableFuture<Void> done) {
        if (done != null) {
            return new Outgoing.Encoded(message, done);
        }
        carrier.carry(message);
        return carrier;
    }

    /**
     * Returns an entry for a whole message sent without a future, a spare one when there is one.
     *
     * @param type TEXT or BINARY
     * @param payload the payload in wire form, consumed when framed
     * @param transform whether the connection's extension may transform it
     * @return the entry, for {@link #add} (or {@link #release} when it is not added)
     */
    Outgoing.Data data(Opcode type, ByteBuffer payload, boolean transform) {
        Outgoing.Data entry = spareData;
        if (entry == null) {
            return new Outgoing.Data(type, payload, transform, null);
        }
        spareData = entry.reuse(type, payload, transform);
        spareDataCount--;
        return entry;
    }

    /**
     * Lets go of a finished or refused send's entry: a whole message's is kept for reuse, the carrier forgets
     * its message. Call once its size and future have been read.
     *
     * @param send the send, which the engine holds no more
     */
    void release(Outgoing send) {
        if (send == carrier) {
            carrier.carry(null);
        } else if (send instanceof Outgoing.Data entry && spareDataCount < MAX_SPARES) {
            entry.spare(spareData);
            spareData = entry;
            spareDataCount++;
        }
    }

    /** Returns how many spare entries for whole messages wait for reuse. */
    int spareDataCount() {
        return spareDataCount;
    }

    /**
     * Accepts a send into the engine, after those accepted before it, or refuses it when the queue would pass its
     * limit. The carrier entry's message goes as itself; the carrier still holds it when this returns (for
     * metrics to read), until the queue is flushed. A send the engine refuses (a data message while a fragmented
     * one is in progress, text fragments that are not UTF-8) counts as accepted, and its future fails at once:
     * it is the caller's, not yet handed out, so no callback runs under the lock.
     *
     * @return false when refused for want of room
     */
    boolean add(Outgoing send) {
        if (!reserve(send.size())) {
            return false;
        }
        try {
            offer(send);
        } catch (IllegalStateException | IllegalArgumentException e) {
            unreserve(send.size());
            if (send.done() != null) {
                send.done().completeExceptionally(e);
            }
        }
        return true;
    }

    /**
     * Hands the engine a send whose bytes {@link #reserve} has counted (one another thread handed over to a
     * confined connection); a send the engine refuses fails after the hold, its future being the caller's already.
     *
     * @param send the send, the carrier entry for a prepared message offered without a future
     * @param completions what the hold owes
     */
    void addReserved(Outgoing send, Completions completions) {
        try {
            offer(send);
        } catch (IllegalStateException | IllegalArgumentException e) {
            unreserve(send.size());
            completions.fail(send.done(), e);
        }
    }

    private void offer(Outgoing send) {
        send.offerTo(engine, send == carrier ? carrier.message() : send);
    }

    /**
     * Accepts a Ping or Pong, which the engine sends ahead of the data frames not yet begun, or refuses it when
     * the queue would pass its limit; its future completes at the flush after it was written.
     *
     * @return false when refused
     */
    boolean addControl(Outgoing send) {
        return add(send);
    }

    /**
     * Counts a send's bytes as buffered, unless they would pass the queue's limit (an empty send always fits).
     * Any thread: a confined connection's other threads reserve before they hand a send over, so that they can
     * refuse it at once.
     *
     * @param size the send's payload bytes
     * @return false when the send does not fit
     */
    boolean reserve(long size) {
        long max = limits.maxBuffered();
        long now;
        long before;
        do {
            before = buffered;
            now = before + size;
            if (size > 0 && now > max) {
                return false;
            }
        } while (!BUFFERED.compareAndSet(this, before, now));
        if (now >= limits.highWatermark()) {
            writable = false;
        }
        return true;
    }

    /**
     * Gives back the bytes of a send that leaves the queue or was never queued. Any thread.
     *
     * @param size the send's payload bytes
     */
    void unreserve(long size) {
        if (size != 0) {
            BUFFERED.getAndAdd(this, -size);
        }
    }

    boolean isWritable() {
        return writable;
    }

    /**
     * Tells, once per crossing, that the queue has drained to its low watermark after reaching the high one.
     *
     * @return true when the application should hear that it may send again
     */
    boolean regainedWritability() {
        if (writable || buffered > limits.lowWatermark()) {
            return false;
        }
        writable = true;
        if (buffered >= limits.highWatermark()) {
            // another thread reserved past the high watermark meanwhile, and may have cleared the flag before
            // this set it
            writable = false;
            return false;
        }
        return true;
    }

    long bufferedAmount() {
        return buffered;
    }

    @Override
    public void onWritten(Object token) {
        written.add(token);
    }

    @Override
    public void onDropped(Object token) {
        dropped.add(token);
    }

    /** Everything produced so far is on the wire: completes the sends written before now. */
    void flushed(Completions completions) {
        finishAll(written, null, completions);
        carrier.carry(null);
    }

    /**
     * The connection is closing because of an overflow: the data messages the engine has not begun to frame
     * fail, so that the Close goes after the one in progress.
     */
    void dropWaiting(Throwable cause, Completions completions) {
        if (engine != null) {
            engine.discardQueuedData();
        }
        finishAll(dropped, cause, completions);
    }

    /**
     * The connection ended, and the engine has dropped what it held: every send not yet flushed fails.
     */
    void failAll(Throwable cause, Completions completions) {
        finishAll(written, cause, completions);
        finishAll(dropped, cause, completions);
        carrier.carry(null);
    }

    private void finishAll(List<Object> sends, Throwable cause, Completions completions) {
        for (int i = 0; i < sends.size(); i++) {
            finish(sends.get(i), cause, completions);
        }
        sends.clear();
    }

    /** A send leaves the queue: written ({@code cause} null) or failed. */
    private void finish(Object send, Throwable cause, Completions completions) {
        if (send instanceof Outgoing outgoing) {
            unreserve(outgoing.size());
            if (cause == null) {
                completions.succeed(outgoing.done());
            } else {
                completions.fail(outgoing.done(), cause);
            }
            release(outgoing);
        } else {
            unreserve(((PreparedMessage) send).payloadLength());
        }
    }
}
