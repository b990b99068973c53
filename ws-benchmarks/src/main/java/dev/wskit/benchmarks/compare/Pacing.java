package dev.wskit.benchmarks.compare;

/**
 * How the echo load paces each connection's messages. Closed loop: each connection sends its next message as
 * soon as the echo of the last is back. Open loop: each connection has a fixed rate, so every message has an
 * intended send time ({@code start + offset + index × interval}, the offsets spreading the connections evenly
 * over one interval); {@link Schedule} applies it, and says where latency counts from. Immutable.
 *
 * @param intervalNanos the interval between a connection's messages, 0 for the closed loop
 */
record Pacing(long intervalNanos) {
    /** The closed loop. */
    static final Pacing CLOSED = new Pacing(0);

    /**
     * Checks the interval.
     *
     * @throws IllegalArgumentException when negative
     */
    Pacing {
        if (intervalNanos < 0) {
            throw new IllegalArgumentException("Negative interval: " + intervalNanos);
        }
    }

    /**
     * Makes the pacing for a rate.
     *
     * @param perConnection messages per second per connection, 0 for the closed loop
     * @return the pacing
     * @throws IllegalArgumentException when the rate is negative, not a number, or above 10^9
     */
    static Pacing of(double perConnection) {
        if (!(perConnection >= 0 && perConnection <= 1e9)) {
            throw new IllegalArgumentException("Rate must be from 0 to 10^9 messages/s: " + perConnection);
        }
        return perConnection == 0 ? CLOSED : new Pacing(Math.max(1, Math.round(1e9 / perConnection)));
    }

    /**
     * Tells whether messages follow a schedule.
     *
     * @return true for the open loop
     */
    boolean isOpen() {
        return intervalNanos > 0;
    }

    /**
     * Returns the rate.
     *
     * @return messages per second per connection, 0 for the closed loop
     */
    double perConnection() {
        return isOpen() ? 1e9 / intervalNanos : 0;
    }

    /**
     * Returns when a connection's first message is meant to leave.
     *
     * @param start when the load starts, in {@link System#nanoTime()} terms
     * @param connection the connection's index among {@code connections}
     * @param connections how many connections share the schedule
     * @return the intended time
     */
    long first(long start, int connection, int connections) {
        return start + intervalNanos * connection / Math.max(1, connections);
    }

    /**
     * Returns when each of one load thread's connections first means to send. The cell's connections are dealt
     * out to the threads in turn (thread {@code t} has connections {@code t}, {@code t + threads}, …), so
     * together the threads spread all connections evenly over one interval.
     *
     * @param start when the load starts, in {@link System#nanoTime()} terms
     * @param thread the thread's index
     * @param threads how many threads share the connections
     * @param connections how many connections the cell has
     * @return the intended first times of the thread's connections, in the order they were dealt
     */
    long[] firsts(long start, int thread, int threads, int connections) {
        int count = connections <= thread ? 0 : (connections - thread + threads - 1) / threads;
        long[] firsts = new long[count];
        for (int i = 0; i < count; i++) {
            firsts[i] = first(start, thread + i * threads, connections);
        }
        return firsts;
    }

    /**
     * Returns when the message after one is meant to leave.
     *
     * @param intended the previous message's intended time
     * @return the next one's
     */
    long next(long intended) {
        return intended + intervalNanos;
    }
}
