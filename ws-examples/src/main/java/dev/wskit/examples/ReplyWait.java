package dev.wskit.examples;

import java.time.Duration;

/**
 * How long the client keeps listening once its input has ended, before it closes: until nothing has arrived
 * for a quiet time ({@code --linger}), until each {@code -x} command has had a reply, or for a fixed time
 * ({@code -w}). Clock-free: every instant is passed in. Not thread-safe; the printer guards it.
 */
final class ReplyWait {
    private static final long NOT_YET = Long.MIN_VALUE;

    private final long quietNanos;
    private final long limitNanos;
    private final int expectedReplies;
    private int replies;
    private long lastReply = NOT_YET;
    private long inputEnd = NOT_YET;

    private ReplyWait(long quietNanos, long limitNanos, int expectedReplies) {
        this.quietNanos = quietNanos;
        this.limitNanos = limitNanos;
        this.expectedReplies = expectedReplies;
    }

    /**
     * Waits until nothing has arrived for {@code quiet}, and at most {@code limit} after the input ended.
     *
     * @param quiet the quiet time that ends the wait
     * @param limit the longest wait
     * @return the wait
     */
    static ReplyWait untilQuiet(Duration quiet, Duration limit) {
        return new ReplyWait(quiet.toNanos(), limit.toNanos(), -1);
    }

    /**
     * Waits until {@code count} replies have arrived (counted from the first send), at most {@code limit}.
     *
     * @param count the replies expected
     * @param limit the longest wait after the input ended
     * @return the wait
     */
    static ReplyWait forReplies(int count, Duration limit) {
        return new ReplyWait(-1, limit.toNanos(), count);
    }

    /**
     * Waits exactly {@code time} after the input ended, whatever arrives.
     *
     * @param time the wait
     * @return the wait
     */
    static ReplyWait fixed(Duration time) {
        return new ReplyWait(-1, time.toNanos(), -1);
    }

    /** Notes a reply: a message, or the Pong to a Ping the user sent. Keepalive Pongs are not replies. */
    void replied(long nowNanos) {
        replies++;
        lastReply = nowNanos;
    }

    /** Starts the clock: the input has ended. */
    void inputEnded(long nowNanos) {
        inputEnd = nowNanos;
    }

    /**
     * Tells how much longer to listen.
     *
     * @param nowNanos the current instant
     * @return nanoseconds left, 0 when the wait is over; {@link Long#MAX_VALUE} while the input goes on
     */
    long nanosLeft(long nowNanos) {
        if (inputEnd == NOT_YET) {
            return Long.MAX_VALUE;
        }
        if (expectedReplies >= 0 && replies >= expectedReplies) {
            return 0;
        }
        long left = inputEnd + limitNanos - nowNanos;
        if (quietNanos >= 0) {
            long quietFrom = lastReply == NOT_YET ? inputEnd : Math.max(inputEnd, lastReply);
            left = Math.min(left, quietFrom + quietNanos - nowNanos);
        }
        return Math.max(0, left);
    }
}
