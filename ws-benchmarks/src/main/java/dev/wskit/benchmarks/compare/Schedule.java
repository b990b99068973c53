package dev.wskit.benchmarks.compare;

/**
 * One echo connection's send schedule and the moment each message's latency counts from; it does no I/O and
 * reads no clock, so the open loop's rules can be checked on their own. In the closed loop a message leaves
 * as soon as the last one's echo is back and its latency counts from its sending. In the open loop
 * ({@link Pacing}) every message has an intended send time; a message whose time passed while the last one's
 * echo was still out (the server held it back) leaves at once and its latency counts from its intended time,
 * so the server is charged for the wait (the correction for coordinated omission); a message that waited for
 * its time counts from its actual sending, so the load generator's own wake-up lag is not charged to the
 * server. Not thread-safe.
 */
final class Schedule {
    private final Pacing pacing;
    private long intended;
    private long origin;
    private boolean waiting;

    /**
     * Makes a schedule.
     *
     * @param pacing closed loop or a rate
     * @param first the first message's intended send time (ignored in the closed loop, whose first message
     *     leaves when the driver sends it)
     */
    Schedule(Pacing pacing, long first) {
        this.pacing = pacing;
        this.intended = first;
        this.waiting = pacing.isOpen();
    }

    /**
     * Tells whether the next message waits for its intended time.
     *
     * @return true in the open loop between an echo and the next message's time
     */
    boolean isWaiting() {
        return waiting;
    }

    /**
     * Returns the next (or the in-flight) message's intended send time, in the open loop.
     *
     * @return the intended time
     */
    long intended() {
        return intended;
    }

    /**
     * Tells whether a waiting message is due.
     *
     * @param now the current time
     * @return true when a message waits and its time has come
     */
    boolean isDue(long now) {
        return waiting && intended <= now;
    }

    /**
     * Notes that the next message left.
     *
     * @param now when it left
     */
    void sent(long now) {
        origin = pacing.isOpen() && !waiting ? intended : now;
        waiting = false;
    }

    /**
     * Notes that the in-flight message's echo is complete, and schedules the next one: in the closed loop it
     * leaves at once; in the open loop at its intended time, at once when that time has passed.
     *
     * @param now when the echo completed
     * @return the message's latency
     */
    long echoed(long now) {
        long latency = now - origin;
        if (pacing.isOpen()) {
            intended = pacing.next(intended);
            waiting = intended > now;
        }
        return latency;
    }
}
