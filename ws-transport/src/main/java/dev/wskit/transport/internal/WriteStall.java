package dev.wskit.transport.internal;

import java.time.Duration;

/**
 * Watches that a connection's output moves: while bytes wait to be written (queued, or produced and not yet
 * reported flushed), some write must complete within the timeout, or the connection is stalled (a peer that
 * stopped reading, RFC 6455 §10.4). Time comes in as arguments. The deadline it asks for moves at most once per
 * timeout: a timer that fires before the real deadline only moves it on, so steady traffic reschedules nothing.
 *
 * <p>Not thread-safe: guarded by the connection's lock.
 */
final class WriteStall {
    static final long NONE = Long.MAX_VALUE;

    private final long timeoutNanos;
    private boolean waiting;
    private long since;
    private long checkAt = NONE;
    private boolean stalled;
    private boolean producedUnflushed;

    WriteStall(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Tells whether {@link #startWaiting} should be called for output that waits now. */
    boolean needsStart(boolean pending) {
        return pending && !waiting && timeoutNanos > 0 && !stalled;
    }

    /** Output waits from now on. */
    void startWaiting(long nowNanos) {
        waiting = true;
        since = nowNanos;
        if (checkAt == NONE) {
            checkAt = nowNanos + timeoutNanos;
        }
    }

    /** Nothing waits to be written. */
    void idle() {
        waiting = false;
    }

    /** A write completed, or more output was produced for the socket. */
    void progressed(long nowNanos) {
        since = nowNanos;
    }

    /**
     * Output was handed to the socket: progress of the write, and bytes that wait until reported flushed.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void produced(long nowNanos) {
        producedUnflushed = true;
        if (needsStart(true)) {
            startWaiting(nowNanos);
        }
        progressed(nowNanos);
    }

    /**
     * The transport reported the output produced so far written: progress, when some was waiting.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void flushed(long nowNanos) {
        if (producedUnflushed) {
            producedUnflushed = false;
            progressed(nowNanos);
        }
    }

    /**
     * Returns the deadline of the check, starting the watch when output begins to wait (queued, or produced and
     * not flushed) and ending it when none does.
     *
     * @param outputQueued whether output waits to be produced
     * @param clock read only when the watch starts
     * @return when {@link #isStalled} should next be asked, or {@link #NONE}
     */
    long deadline(boolean outputQueued, NanoClock clock) {
        boolean pending = outputQueued || producedUnflushed;
        if (needsStart(pending)) {
            startWaiting(clock.nanoTime());
        } else if (!pending) {
            idle();
        }
        return deadline();
    }

    /** Returns when {@link #isStalled} should next be asked, or {@link #NONE}. */
    long deadline() {
        return checkAt;
    }

    /**
     * Tells whether output has waited the whole timeout without progress; moves the deadline on otherwise.
     * Says so once: the connection is then being closed, and the watch ends.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return true when the connection has just been found stalled
     */
    boolean isStalled(long nowNanos) {
        if (checkAt == NONE || nowNanos - checkAt < 0) {
            return false;
        }
        if (!waiting) {
            checkAt = NONE;
            return false;
        }
        if (nowNanos - since >= timeoutNanos) {
            stalled = true;
            waiting = false;
            checkAt = NONE;
            return true;
        }
        checkAt = since + timeoutNanos;
        return false;
    }

    /** Returns the timeout, for messages. */
    Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }
}
