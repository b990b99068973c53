package dev.wskit.codec.engine;

/**
 * The clock-free bookkeeping of an engine's timeouts: every instant comes from the caller's
 * {@code onTimer(nowNanos)}, and activity is noticed by comparing byte counters between calls.
 */
final class Deadlines {
    static final long NONE = Long.MAX_VALUE;
    /** Marks an instant not yet reached; not -1, because {@link System#nanoTime()} may be negative. */
    private static final long UNSET = Long.MIN_VALUE;

    private final long pingInterval;
    private final long pongTimeout;
    private final long idleTimeout;
    private final long closeTimeout;
    private boolean started;
    private long lastReceive;
    private long lastActivity;
    private long seenIn = -1;
    private long seenOut = -1;
    private long pingSentAt = UNSET;
    private long closeSentAt = UNSET;
    private long closeOwedAt = UNSET;
    private long closedAt = UNSET;

    Deadlines(EngineConfig config) {
        this.pingInterval = config.pingInterval().toNanos();
        this.pongTimeout = config.pongTimeout().toNanos();
        this.idleTimeout = config.idleTimeout().toNanos();
        this.closeTimeout = config.closeTimeout().toNanos();
    }

    void observe(long now, long bytesIn, long bytesOut) {
        if (!started) {
            started = true;
            lastReceive = now;
            lastActivity = now;
        }
        if (bytesIn != seenIn) {
            seenIn = bytesIn;
            lastReceive = now;
            lastActivity = now;
            pingSentAt = UNSET;
        }
        if (bytesOut != seenOut) {
            seenOut = bytesOut;
            lastActivity = now;
        }
    }

    void closeSent(long now) {
        if (closeSentAt == UNSET) {
            closeSentAt = now;
        }
    }

    /** A Close is owed (held back, or queued behind data) but not yet written. */
    void closeOwed(long now) {
        if (closeOwedAt == UNSET) {
            closeOwedAt = now;
        }
    }

    void closed(long now) {
        if (closedAt == UNSET) {
            closedAt = now;
        }
    }

    void pingSent(long now) {
        pingSentAt = now;
    }

    boolean isPingDue(long now) {
        return pingInterval > 0 && pingSentAt == UNSET && now - lastReceive >= pingInterval;
    }

    boolean isPongOverdue(long now) {
        return pingSentAt != UNSET && now - pingSentAt >= pongTimeout;
    }

    boolean isIdle(long now) {
        return idleTimeout > 0 && now - lastActivity >= idleTimeout;
    }

    boolean isCloseOverdue(long now) {
        return closeSentAt != UNSET && now - closeSentAt >= closeTimeout;
    }

    boolean isCloseOwedOverdue(long now) {
        return closeOwedAt != UNSET && now - closeOwedAt >= closeTimeout;
    }

    boolean isLingerOver(long now) {
        return closedAt != UNSET && now - closedAt >= closeTimeout;
    }

    long next(boolean open, boolean closing, boolean lingering, boolean owing) {
        if (!started) {
            return NONE;
        }
        long next = NONE;
        if (open && pingInterval > 0) {
            next = Math.min(next, pingSentAt == UNSET ? lastReceive + pingInterval : pingSentAt + pongTimeout);
        }
        if (open && idleTimeout > 0) {
            next = Math.min(next, lastActivity + idleTimeout);
        }
        if (closing && closeSentAt != UNSET) {
            next = Math.min(next, closeSentAt + closeTimeout);
        }
        if (owing && closeOwedAt != UNSET) {
            next = Math.min(next, closeOwedAt + closeTimeout);
        }
        if (lingering && closedAt != UNSET) {
            next = Math.min(next, closedAt + closeTimeout);
        }
        return next;
    }
}
