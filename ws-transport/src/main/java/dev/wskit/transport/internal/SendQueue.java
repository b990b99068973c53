package dev.wskit.transport.internal;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The messages a connection has accepted but not yet written, in order, and the accounting behind
 * {@code bufferedAmount} and writability (high and low watermarks with hysteresis). Pings and Pongs wait
 * ahead of data messages, and go to the engine a few at a time, as its own queue of Pings is short. Entries
 * for prepared messages and whole messages are reused once their send has completed or failed, so that a
 * broadcast allocates none per delivery. Guarded by the connection's lock, except the counter and the writable flag, which any
 * thread reads.
 */
final class SendQueue {
    /** No more than the engine's own queue of Pings and Pongs holds. */
    private static final int CONTROLS_IN_ENGINE = WebSocketEngine.MAX_QUEUED_CONTROLS;
    /**
     * Spare entries kept at most, of each kind: enough for a fan-out's burst queued between two writes (a
     * publisher that runs ahead of the event loop queues dozens per connection). A connection keeps no more
     * spares than it once had entries queued at the same time, so the bound costs memory (about 24 bytes an
     * entry) only on one that had that many queued, and then no more than they took while queued.
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

    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>(4);
    private final ArrayDeque<Outgoing> controls = new ArrayDeque<>(1);
    private final List<Outgoing> framed = new ArrayList<>();
    /**
     * The bytes accepted and not yet written: changed under the connection's lock only, by a release store
     * rather than an atomic update (no locked instruction, no object of its own to fetch per send), read by any
     * thread.
     */
    private volatile long buffered;
    private final Backpressure limits;
    private volatile boolean writable = true;
    private Outgoing inEngine;
    private int controlsInEngine;
    private long accepted;
    private Outgoing.Encoded spares;
    private Outgoing.Data spareData;
    private int spareCount;
    private int spareDataCount;

    SendQueue(Backpressure limits) {
        this.limits = limits;
    }

    /**
     * Returns an entry for a prepared message, a spare one when there is one.
     *
     * @param message the message
     * @param done its future, or {@code null} for a send made without one
     * @return the entry, for {@link #add} (or {@link #release} when it is not added)
     */
    Outgoing.Encoded encoded(PreparedMessage message, CompletableFuture<Void> done) {
        Outgoing.Encoded entry = spares;
        if (entry == null) {
            return new Outgoing.Encoded(message, done);
        }
        spares = entry.reuse(message, done);
        spareCount--;
        return entry;
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
     * Keeps a finished send's entry for reuse, if it is one of those reused; call once its size and future
     * have been read.
     *
     * @param send the send, which no queue holds any more
     */
    void release(Outgoing send) {
        if (send instanceof Outgoing.Encoded entry && spareCount < MAX_SPARES) {
            entry.spare(spares);
            spares = entry;
            spareCount++;
        } else if (send instanceof Outgoing.Data entry && spareDataCount < MAX_SPARES) {
            entry.spare(spareData);
            spareData = entry;
            spareDataCount++;
        }
    }

    /** Returns how many spare entries for prepared messages wait for reuse. */
    int spareCount() {
        return spareCount;
    }

    /** Returns how many spare entries for whole messages wait for reuse. */
    int spareDataCount() {
        return spareDataCount;
    }

    /**
     * Accepts a send, or refuses it when the queue would pass its limit.
     *
     * @return false when refused
     */
    boolean add(Outgoing send) {
        if (!hasRoomFor(send)) {
            return false;
        }
        grow(send.size());
        waiting.add(send);
        accepted++;
        return true;
    }

    /** Returns how many sends {@link #add} has accepted so far. */
    long acceptedCount() {
        return accepted;
    }

    /**
     * Returns how many of the sends {@link #add} accepted have left the queue: handed to the engine (some still
     * being framed), refused by it, or dropped.
     */
    long handedOverCount() {
        return accepted - waiting.size();
    }

    /**
     * Accepts a Ping or Pong ahead of the data messages, or refuses it when the queue would pass its limit; its
     * future completes at the flush after the engine took it.
     *
     * @return false when refused
     */
    boolean addControl(Outgoing send) {
        if (!hasRoomFor(send)) {
            return false;
        }
        grow(send.size());
        controls.add(send);
        return true;
    }

    private boolean hasRoomFor(Outgoing send) {
        return send.size() == 0 || buffered + send.size() <= limits.maxBuffered();
    }

    private void grow(long size) {
        long now = buffered + size;
        BUFFERED.setRelease(this, now);
        if (now >= limits.highWatermark()) {
            writable = false;
        }
    }

    private void shrink(long size) {
        BUFFERED.setRelease(this, buffered - size);
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
        return true;
    }

    /**
     * Tells whether the engine has or will take output from this queue.
     *
     * @param engine the connection's engine
     * @return true when sends wait that the engine takes now
     */
    boolean hasOutputFor(WebSocketEngine engine) {
        return !controls.isEmpty() || (!waiting.isEmpty() && engine.isReadyForData());
    }

    long bufferedAmount() {
        return buffered;
    }

    /**
     * Moves waiting sends into the engine while it takes them; sends that the engine refuses outright (the
     * connection closing) fail.
     */
    void pump(WebSocketEngine engine, Completions completions) {
        pumpControls(engine, completions);
        while (true) {
            if (inEngine != null) {
                if (!engine.isReadyForData()) {
                    return;
                }
                framed.add(inEngine);
                inEngine = null;
            }
            Outgoing next = waiting.peek();
            if (next == null) {
                return;
            }
            try {
                if (!next.offerTo(engine)) {
                    return;
                }
                waiting.poll();
                if (next instanceof Outgoing.Close) {
                    framed.add(next);
                } else {
                    inEngine = next;
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                waiting.poll();
                shrink(next.size());
                completions.fail(next.done(), e);
                release(next);
            }
        }
    }

    private void pumpControls(WebSocketEngine engine, Completions completions) {
        if (!engine.hasOutput()) {
            controlsInEngine = 0;
        }
        while (!controls.isEmpty() && controlsInEngine < CONTROLS_IN_ENGINE) {
            Outgoing control = controls.poll();
            try {
                control.offerTo(engine);
                controlsInEngine++;
                framed.add(control);
            } catch (IllegalStateException e) {
                shrink(control.size());
                completions.fail(control.done(), e);
            }
        }
    }

    /** Everything produced so far is on the wire: completes the sends fully framed before now. */
    void flushed(Completions completions) {
        for (int i = 0; i < framed.size(); i++) {
            Outgoing send = framed.get(i);
            shrink(send.size());
            if (!(send instanceof Outgoing.Close)) {
                completions.succeed(send.done());
            }
            release(send);
        }
        framed.clear();
    }

    /** The connection is closing because of an overflow: the sends not yet handed to the engine fail. */
    void dropWaiting(Throwable cause, Completions completions) {
        for (Outgoing send : waiting) {
            shrink(send.size());
            if (!(send instanceof Outgoing.Close)) {
                completions.fail(send.done(), cause);
            }
            release(send);
        }
        waiting.clear();
    }

    /** The connection ended: every send not yet written fails. */
    void failAll(Throwable cause, Completions completions) {
        List<Outgoing> unsent = new ArrayList<>(waiting);
        unsent.addAll(controls);
        unsent.addAll(framed);
        if (inEngine != null) {
            unsent.add(inEngine);
        }
        waiting.clear();
        controls.clear();
        framed.clear();
        inEngine = null;
        for (Outgoing send : unsent) {
            shrink(send.size());
            if (!(send instanceof Outgoing.Close)) {
                completions.fail(send.done(), cause);
            }
            release(send);
        }
    }
}
