package dev.wskit.transport.nio;

import java.util.PriorityQueue;

/**
 * The deadlines an {@link EventLoop} waits for, earliest first, each with the turn that scheduled it: a turn
 * fires only those of earlier turns. A target that asks again for a deadline already past (a connection whose
 * close timeout ran out, and whose socket closes only in this turn's flushes) is told again next turn, after the
 * selector and the flushes have run; firing it again at once would keep the loop firing for ever, serving none of
 * its connections.
 *
 * <p>Not thread-safe: the loop's thread only.
 */
final class DeadlineQueue {
    /** A deadline in the heap, with the turn that scheduled it. */
    private record Deadline(long at, long turn, EventLoop.Timed target) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(at, other.at);
        }
    }

    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    /** Turns of {@link #fireDue} so far. */
    private long turn;

    /**
     * Asks for {@link EventLoop.Timed#onDeadline} at or soon after a {@link System#nanoTime()} instant.
     *
     * @param target what to tell
     * @param at the instant
     */
    void schedule(EventLoop.Timed target, long at) {
        deadlines.add(new Deadline(at, turn, target));
    }

    /**
     * Returns how long a select may wait for the next deadline.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     * @return -1 for no deadline, 0 for one already due, else at least 1 ms
     */
    long timeoutMillis(long nowNanos) {
        Deadline next = deadlines.peek();
        if (next == null) {
            return -1;
        }
        long delay = next.at() - nowNanos;
        return delay <= 0 ? 0 : Math.max(1, (delay + 999_999) / 1_000_000);
    }

    /**
     * Fires, in one turn, the deadlines that are due, except those scheduled during it.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void fireDue(long nowNanos) {
        long firing = ++turn;
        Deadline next;
        while ((next = deadlines.peek()) != null && next.at() - nowNanos <= 0 && next.turn() < firing) {
            deadlines.poll();
            next.target().onDeadline(next.at(), nowNanos);
        }
    }
}
