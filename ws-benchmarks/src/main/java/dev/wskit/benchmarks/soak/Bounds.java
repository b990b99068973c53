package dev.wskit.benchmarks.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far each sampled quantity may grow above the first sample (taken after the warm-up interval, when the JIT,
 * the allocator's arenas and the pools have settled). The defaults, and why:
 * <ul>
 *   <li>heap after GC +32 MiB: live objects only, so a steady server stays flat; 32 MiB over 200,000 cycles
 *       is 168 bytes a cycle, well under any per-connection object graph left behind, and it leaves room for the
 *       socket transports' shared pool of 64 KiB write buffers, which fills up to 16 MiB under load;
 *   <li>RSS +128 MiB: the heap is fixed and pre-touched, so the resident set moves with native memory: zlib's
 *       streams (255 KiB a connection keeping context both ways, allocated with the C library's malloc, which
 *       Native Memory Tracking does not see), the C library's arenas, the code cache; room for fragmentation
 *       of a few hundred zlib streams, not for a leaked stream per cycle;
 *   <li>NMT committed +64 MiB: what the JVM allocates itself (thread stacks, direct buffers, metaspace, code);
 *   <li>threads +16 and fds +64: connections still closing when the sample is taken (the load is quiesced
 *       first, the server's side of a close may trail it); a leaked thread or socket per cycle passes these
 *       in the first interval.
 * </ul>
 * Immutable.
 *
 * @param heapBytes the heap's allowed growth
 * @param rssBytes the resident set's allowed growth
 * @param nmtBytes native memory's allowed growth
 * @param threads the threads' allowed growth
 * @param fds the file descriptors' allowed growth
 */
record Bounds(long heapBytes, long rssBytes, long nmtBytes, long threads, long fds) {
    private static final long MIB = 1024 * 1024;

    /**
     * A quantity that grew past its bound.
     *
     * @param quantity what grew
     * @param from its value in the baseline sample
     * @param to its largest value later
     * @param atCycle the cycle of that largest value
     * @param bound the bound it passed
     */
    record Violation(Quantity quantity, long from, long to, long atCycle, long bound) {
        /**
         * Describes the violation in one line.
         *
         * @return such as {@code RSS grew by 140.0 MiB (from 200.0 MiB to 340.0 MiB at cycle 300,000),
         *     beyond its bound of +128.0 MiB}
         */
        String message() {
            return String.format(Locale.ROOT, "%s grew by %s (from %s to %s at cycle %,d), beyond its bound of +%s",
                quantity.label(), quantity.format(to - from), quantity.format(from), quantity.format(to), atCycle,
                quantity.format(bound));
        }
    }

    /**
     * Returns the default bounds (see the type's description).
     *
     * @return heap +32 MiB, RSS +128 MiB, NMT +64 MiB, threads +16, fds +64
     */
    static Bounds defaults() {
        return new Bounds(32 * MIB, 128 * MIB, 64 * MIB, 16, 64);
    }

    /**
     * Returns the bound of one quantity.
     *
     * @param quantity the quantity
     * @return its allowed growth, in bytes or a count
     */
    long of(Quantity quantity) {
        return switch (quantity) {
            case HEAP -> heapBytes;
            case RSS -> rssBytes;
            case NMT -> nmtBytes;
            case THREADS -> threads;
            case FDS -> fds;
        };
    }

    /**
     * Checks a series: every quantity of every sample after the first against the first plus its bound.
     * Quantities the platform cannot read (-1 in the first sample) are skipped.
     *
     * @param series the samples in order, the first being the baseline
     * @return the quantities that grew too far, at their largest value; empty when all stayed within bounds
     */
    List<Violation> check(List<Sample> series) {
        List<Violation> violations = new ArrayList<>();
        if (series.isEmpty()) {
            return violations;
        }
        for (Quantity quantity : Quantity.values()) {
            Sample peak = peak(series, quantity);
            long from = quantity.of(series.getFirst());
            if (from >= 0 && quantity.of(peak) - from > of(quantity)) {
                violations.add(new Violation(quantity, from, quantity.of(peak), peak.cycle(), of(quantity)));
            }
        }
        return violations;
    }

    /**
     * Finds the sample where a quantity was largest.
     *
     * @param series the samples, not empty
     * @param quantity the quantity
     * @return the first sample holding the largest value
     */
    static Sample peak(List<Sample> series, Quantity quantity) {
        Sample peak = series.getFirst();
        for (Sample sample : series) {
            if (quantity.of(sample) > quantity.of(peak)) {
                peak = sample;
            }
        }
        return peak;
    }
}
