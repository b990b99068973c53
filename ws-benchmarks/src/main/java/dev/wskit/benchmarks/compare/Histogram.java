package dev.wskit.benchmarks.compare;

import java.util.Arrays;

/**
 * A log-linear histogram of non-negative values (latencies in nanoseconds): exact below 128, and above that
 * 128 equal buckets per power of two, so a reported value is within 1/128 (0.8%) of the true one. A small
 * stand-in for HdrHistogram with the same percentile convention (the highest value of the bucket holding the
 * wanted rank). Not thread-safe; merge per-thread histograms with {@link #add}.
 */
final class Histogram {
    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    /** Values are clamped to 2^40 - 1 ns (about 18 minutes). */
    private static final long MAX_VALUE = (1L << 40) - 1;
    private static final int BUCKETS = index(MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    /**
     * Records one value.
     *
     * @param value the value, negative ones counting as 0 and huge ones as 2^40 - 1
     */
    void record(long value) {
        long clamped = Math.min(Math.max(value, 0), MAX_VALUE);
        counts[index(clamped)]++;
        count++;
        max = Math.max(max, clamped);
    }

    /**
     * Adds another histogram's values to this one.
     *
     * @param other the histogram to add
     */
    void add(Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        max = Math.max(max, other.max);
    }

    /** Forgets every value. */
    void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        max = 0;
    }

    /**
     * Returns how many values were recorded.
     *
     * @return the count
     */
    long count() {
        return count;
    }

    /**
     * Returns the largest value recorded, exactly.
     *
     * @return the maximum, 0 when empty
     */
    long max() {
        return max;
    }

    /**
     * Returns the value at a percentile: the highest value of the bucket holding the value of rank
     * {@code ceil(percentile / 100 * count)}, capped at the exact maximum.
     *
     * @param percentile from 0 to 100
     * @return the value, 0 when empty
     */
    long percentile(double percentile) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestInBucket(i), max);
            }
        }
        return max;
    }

    /**
     * Returns the bucket a value falls in.
     *
     * @param value a value from 0 to 2^40 - 1
     * @return the bucket's index
     */
    static int index(long value) {
        if (value < SUB_COUNT) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        int sub = (int) (value >>> shift) - SUB_COUNT;
        return ((shift + 1) << SUB_BITS) + sub;
    }

    /**
     * Returns the highest value a bucket holds.
     *
     * @param index the bucket's index
     * @return its highest value
     */
    static long highestInBucket(int index) {
        if (index < SUB_COUNT) {
            return index;
        }
        int shift = (index >>> SUB_BITS) - 1;
        long lowest = (long) (SUB_COUNT + (index & (SUB_COUNT - 1))) << shift;
        return lowest + (1L << shift) - 1;
    }
}
