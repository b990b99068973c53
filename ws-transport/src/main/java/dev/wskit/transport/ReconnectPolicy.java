package dev.wskit.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a {@link Reconnector} tries again: exponential backoff with jitter, up to a maximum delay and a maximum
 * number of consecutive failed connects. RFC 6455 §7.2.3 asks a client that reconnects after an abnormal
 * closure to back off, with randomness, so that many clients of a restarted server do not return at once.
 * Immutable and thread-safe.
 *
 * @param initialDelay the delay before the first retry after a drop or a failed connect
 * @param maxDelay the longest delay, however many failures came before
 * @param multiplier how much each consecutive failure multiplies the delay, at least 1
 * @param jitter how far a delay may stray from its value, as a fraction of it, 0 (none) to 1
 * @param maxAttempts how many connects in a row may fail before giving up, 0 for no limit
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
                              int maxAttempts) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a delay is negative, the maximum is below the initial delay, the
     *     multiplier is below 1, the jitter is outside 0 to 1, or the attempt count is negative
     */
    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("Delays must be 0 <= initial <= max: " + initialDelay + ", " + maxDelay);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("Multiplier below 1: " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("Jitter outside 0-1: " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("Attempt limit is negative: " + maxAttempts);
        }
    }

    /**
     * Returns the defaults: 500 ms doubling up to 30 s, 20 % jitter, no attempt limit.
     *
     * @return the default policy
     */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2, 0.2, 0);
    }

    /**
     * Returns the delay before a retry.
     *
     * @param failures how many connects failed in a row since the connection was last open, 0 right after a drop
     * @param random where the jitter comes from
     * @return {@code initialDelay * multiplier^failures}, at most {@code maxDelay}, moved by up to
     *     {@code jitter} of itself either way, and never above {@code maxDelay}
     */
    public Duration delay(int failures, RandomGenerator random) {
        double base = initialDelay.toNanos() * Math.pow(multiplier, failures);
        double capped = Math.min(base, maxDelay.toNanos());
        double jittered = capped * (1 + jitter * (2 * random.nextDouble() - 1));
        return Duration.ofNanos((long) Math.min(jittered, maxDelay.toNanos()));
    }

    /**
     * Tells whether another connect may be tried.
     *
     * @param failures how many connects failed in a row
     * @return false once {@code maxAttempts} (when not 0) have failed
     */
    public boolean allowsRetry(int failures) {
        return maxAttempts == 0 || failures < maxAttempts;
    }
}
