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
