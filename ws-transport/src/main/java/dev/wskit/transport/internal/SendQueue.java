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
 * ahead of data messages, and go to the engine a few at a time, as its own queue of Pings is short.
 *
 * <p>A broadcast allocates nothing per delivery, and touches little of the connection: a prepared message offered
 * without a future is queued as itself, with no entry of its own ({@link #encoded} hands out one carrier entry,
 * which {@link #add} unwraps), in a ring kept in this object's fields; entries of whole messages offered without
 * a future are reused once their send has completed or failed. So the queue holds, between accepted and written,
 * either an {@link Outgoing} or a {@link PreparedMessage}.
 *
 * <p>Guarded by the connection's lock (or its serving thread), except the byte count and the writable flag,
 * which any thread reads and {@link #reserve}s.
 */
final class SendQueue {
    /** No more than the engine's own queue of Pings and Pongs holds. */
    private static final int CONTROLS_IN_ENGINE = WebSocketEngine.MAX_QUEUED_CONTROLS;
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

    /** The sends waiting for the engine, {@link #waitingCount} of them from {@link #head}; a power of two long. */
    private Object[] waiting = new Object[4];
    private int head;
    private int waitingCount;
    private final ArrayDeque<Outgoing> controls = new ArrayDeque<>(1);
    /** How many Pings and Pongs wait: read on every send, without fetching the queue of them. */
    private int controlCount;
    private final List<Object> framed = new ArrayList<>();
    /**
     * The bytes accepted and not yet written: changed atomically (other threads reserve bytes for the sends they
     * hand a confined connection), in this object rather than one of its own to fetch per send; read by any
     * thread.
     */
    private volatile long buffered;
    private final Backpressure limits;
    private volatile boolean writable = true;
    /** The send the engine is framing: an {@link Outgoing} or a {@link PreparedMessage}, or {@code null}. */
    private Object inEngine;
    private int controlsInEngine;
    private long accepted;
    /** The entry {@link #encoded} hands out for every prepared message offered without a future. */
    private final Outgoing.Encoded carrier = new Outgoing.Encoded(null, null);
    private Outgoing.Data spareData;
    private int spareDataCount;

    SendQueue(Backpressure limits) {
        this.limits = limits;
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
     * @param send the send, which no queue holds any more
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
     * Accepts a send, or refuses it when the queue would pass its limit. The carrier entry's message is queued
     * as itself; the carrier still holds it when this returns (for metrics to read), until the queue is flushed.
     *
     * @return false when refused
     */
    boolean add(Outgoing send) {
        if (!reserve(send.size())) {
            return false;
        }
        addReserved(send == carrier ? carrier.message() : send);
        return true;
    }

    /**
     * Queues a send whose bytes {@link #reserve} has counted: an {@link Outgoing} or a {@link PreparedMessage}.
     *
     * @param send the send
     */
    void addReserved(Object send) {
        push(send);
        accepted++;
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
        return accepted - waitingCount;
    }

    /**
     * Accepts a Ping or Pong ahead of the data messages, or refuses it when the queue would pass its limit; its
     * future completes at the flush after the engine took it.
     *
     * @return false when refused
     */
    boolean addControl(Outgoing send) {
        if (!reserve(send.size())) {
            return false;
        }
        addControlReserved(send);
        return true;
    }

    /**
     * Queues a Ping or Pong whose bytes {@link #reserve} has counted.
     *
     * @param send the control message
     */
    void addControlReserved(Outgoing send) {
        controls.add(send);
        controlCount++;
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

    /**
     * Tells whether the engine has or will take output from this queue.
     *
     * @param engine the connection's engine
     * @return true when sends wait that the engine takes now
     */
    boolean hasOutputFor(WebSocketEngine engine) {
        return controlCount > 0 || (waitingCount > 0 && engine.isReadyForData());
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
            if (waitingCount == 0) {
                return;
            }
            Object next = waiting[head];
            try {
                if (!offerTo(next, engine)) {
                    return;
                }
                poll();
                if (next instanceof Outgoing.Close) {
                    framed.add(next);
                } else {
                    inEngine = next;
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                poll();
                unreserve(sizeOf(next));
                if (next instanceof Outgoing send) {
                    completions.fail(send.done(), e);
                    release(send);
                }
            }
        }
    }

    private void pumpControls(WebSocketEngine engine, Completions completions) {
        if (!engine.hasOutput()) {
            controlsInEngine = 0;
        }
        while (controlCount > 0 && controlsInEngine < CONTROLS_IN_ENGINE) {
            Outgoing control = controls.poll();
            controlCount--;
            try {
                control.offerTo(engine);
                controlsInEngine++;
                framed.add(control);
            } catch (IllegalStateException e) {
                unreserve(control.size());
                completions.fail(control.done(), e);
            }
        }
    }

    /** Everything produced so far is on the wire: completes the sends fully framed before now. */
    void flushed(Completions completions) {
        for (int i = 0; i < framed.size(); i++) {
            finish(framed.get(i), null, completions);
        }
        framed.clear();
        carrier.carry(null);
    }

    /** The connection is closing because of an overflow: the sends not yet handed to the engine fail. */
    void dropWaiting(Throwable cause, Completions completions) {
        while (waitingCount > 0) {
            finish(poll(), cause, completions);
        }
    }

    /** The connection ended: every send not yet written fails. */
    void failAll(Throwable cause, Completions completions) {
        List<Object> unsent = new ArrayList<>(waitingCount + controlCount + framed.size() + 1);
        while (waitingCount > 0) {
            unsent.add(poll());
        }
        unsent.addAll(controls);
        unsent.addAll(framed);
        if (inEngine != null) {
            unsent.add(inEngine);
        }
        controls.clear();
        controlCount = 0;
        framed.clear();
        inEngine = null;
        for (Object send : unsent) {
            finish(send, cause, completions);
        }
        carrier.carry(null);
    }

    /** A send leaves the queue: written ({@code cause} null) or failed; a Close's future is the connection's. */
    private void finish(Object send, Throwable cause, Completions completions) {
        unreserve(sizeOf(send));
        if (send instanceof Outgoing outgoing) {
            if (!(outgoing instanceof Outgoing.Close)) {
                if (cause == null) {
                    completions.succeed(outgoing.done());
                } else {
                    completions.fail(outgoing.done(), cause);
                }
            }
            release(outgoing);
        }
    }

    private void push(Object send) {
        if (waitingCount == waiting.length) {
            Object[] larger = new Object[waiting.length * 2];
            for (int i = 0; i < waitingCount; i++) {
                larger[i] = waiting[(head + i) & (waiting.length - 1)];
            }
            waiting = larger;
            head = 0;
        }
        waiting[(head + waitingCount) & (waiting.length - 1)] = send;
        waitingCount++;
    }

    private Object poll() {
        Object send = waiting[head];
        waiting[head] = null;
        head = (head + 1) & (waiting.length - 1);
        waitingCount--;
        return send;
    }

    private static boolean offerTo(Object send, WebSocketEngine engine) {
        return send instanceof PreparedMessage message ? Outgoing.Encoded.offer(message, engine)
            : ((Outgoing) send).offerTo(engine);
    }

    private static long sizeOf(Object send) {
        return send instanceof PreparedMessage message ? message.payloadLength() : ((Outgoing) send).size();
    }
}
