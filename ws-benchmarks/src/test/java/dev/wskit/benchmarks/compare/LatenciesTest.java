package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class LatenciesTest {
    private static final double[] PERCENTILES = {1, 10, 50, 90, 99, 99.9, 99.99, 100};

    @Test
    void percentilesMatchSortedReferenceWithinThreeDigits() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(42);
        for (int trial = 0; trial < 20; trial++) {
            int count = 1 + random.nextInt(20_000);
            long[] values = new long[count];
            Latencies latencies = new Latencies();
            for (int i = 0; i < count; i++) {
                values[i] = (long) Math.pow(10, random.nextDouble(0, 10));
                latencies.record(values[i]);
            }
            Arrays.sort(values);
            for (double percentile : PERCENTILES) {
                long reference = values[(int) Math.max(0, Math.ceil(percentile / 100 * count) - 1)];
                long reported = latencies.percentile(percentile);
                assertTrue(reported >= reference && reported <= reference + reference / 1000 + 1,
                    "p" + percentile + " of " + count + ": " + reported + " vs " + reference);
            }
            assertEquals(count, latencies.count());
        }
    }

    @Test
    void smallValuesAreExact() {
        Latencies latencies = new Latencies();
        for (long value = 1; value <= 1000; value++) {
            latencies.record(value);
        }
        assertEquals(500, latencies.percentile(50));
        assertEquals(990, latencies.percentile(99));
        assertEquals(999, latencies.percentile(99.9));
        assertEquals(1000, latencies.percentile(100));
        assertEquals(1000, latencies.max());
    }

    @Test
    void addingMergesCountsAndMaximum() {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        first.record(1_000);
        second.record(2_000_000);
        second.record(3);
        first.add(second);
        assertEquals(3, first.count());
        assertEquals(2_000_000, first.max(), 2_000_000 / 1000.0);
        assertEquals(1_000, first.percentile(50));
    }

    @Test
    void encodingReadsBackAsTheSameDistributionInOneWord() {
        Latencies latencies = new Latencies();
        for (long value = 1; value <= 100_000; value += 7) {
            latencies.record(value * 1_000);
        }
        String encoded = latencies.encode();
        assertFalse(encoded.contains(" ") || encoded.contains("\n"), encoded);
        Latencies decoded = Latencies.decode(encoded);
        assertEquals(latencies.count(), decoded.count());
        assertEquals(latencies.max(), decoded.max());
        for (double percentile : PERCENTILES) {
            assertEquals(latencies.percentile(percentile), decoded.percentile(percentile), "p" + percentile);
        }
        decoded.record(1_000_000_000_000L);
        assertEquals(latencies.count() + 1, decoded.count());
    }

    @Test
    void decodingRejectsWhatIsNotAHistogram() {
        assertThrows(IllegalArgumentException.class, () -> Latencies.decode("bm90IGEgaGlzdG9ncmFt"));
        assertThrows(IllegalArgumentException.class, () -> Latencies.decode("not base64!"));
    }

    @Test
    void emptyReportsZeroAndNegativeCountsAsZero() {
        Latencies latencies = new Latencies();
        assertEquals(0, latencies.percentile(99));
        latencies.record(-5);
        assertEquals(0, latencies.percentile(100));
        assertEquals(1, latencies.count());
    }
}
