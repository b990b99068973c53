package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static final double[] PERCENTILES = {0, 1, 10, 50, 90, 99, 99.9, 99.99, 100};

    @Test
    void percentilesMatchSortedReferenceWithinBucketPrecision() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        for (int trial = 0; trial < 20; trial++) {
            int count = 1 + random.nextInt(20_000);
            long[] values = new long[count];
            Histogram histogram = new Histogram();
            for (int i = 0; i < count; i++) {
                values[i] = (long) Math.pow(10, random.nextDouble(0, 10));
                histogram.record(values[i]);
            }
            Arrays.sort(values);
            for (double percentile : PERCENTILES) {
                long reference = values[(int) Math.max(0, Math.ceil(percentile / 100 * count) - 1)];
                long reported = histogram.percentile(percentile);
                assertTrue(reported >= reference && reported <= reference + reference / 128 + 1,
                    "p" + percentile + " of " + count + ": " + reported + " vs " + reference);
            }
            assertEquals(values[count - 1], histogram.max());
            assertEquals(count, histogram.count());
        }
    }

    @Test
    void smallValuesAreExact() {
        Histogram histogram = new Histogram();
        for (long value = 0; value < 128; value++) {
            histogram.record(value);
        }
        assertEquals(63, histogram.percentile(50));
        assertEquals(126, histogram.percentile(99));
        assertEquals(127, histogram.percentile(100));
    }

    @Test
    void bucketsCoverEveryValueWithoutGaps() {
        for (long value = 0; value < 1 << 20; value += 7) {
            int index = Histogram.index(value);
            assertTrue(Histogram.highestInBucket(index) >= value, "value " + value);
            assertTrue(index == 0 || Histogram.highestInBucket(index - 1) < value, "value " + value);
        }
    }

    @Test
    void addingMergesCountsAndMaximum() {
        Histogram first = new Histogram();
        Histogram second = new Histogram();
        first.record(1_000);
        second.record(2_000_000);
        second.record(3);
        first.add(second);
        assertEquals(3, first.count());
        assertEquals(2_000_000, first.max());
        assertEquals(1_000, first.percentile(50), 1_000 / 128.0);
    }

    @Test
    void emptyHistogramReportsZeroAndResetForgets() {
        Histogram histogram = new Histogram();
        assertEquals(0, histogram.percentile(99));
        histogram.record(-5);
        histogram.record(Long.MAX_VALUE);
        assertEquals(0, histogram.percentile(1));
        assertEquals((1L << 40) - 1, histogram.max());
        histogram.reset();
        assertEquals(0, histogram.count());
        assertEquals(0, histogram.percentile(100));
    }
}
