package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void percentilesAreTakenOverAllRunsTogether() {
        // One calm run of 1 µs round trips and one with a 1 ms tail in its last 5%: each run's p99 averages to
        // 500.5 µs, but over both runs together the p99 is the tail's.
        Measurement measurement = Measurement.ofRuns(Fixtures.NIO, Fixtures.MANY, List.of(
            run(values(1_000, 1_000, 0)), run(values(1_000, 1_000, 50))));
        assertEquals(2_000, measurement.latencies().orElseThrow().count());
        assertEquals(1_000_000, measurement.latency(99), 1_000);
        assertEquals(1_000, measurement.latency(50), 1);
        assertEquals(500_500, Spread.of(measurement.runs(), Run::p99).mean(), 1_000);
    }

    @Test
    void withoutHistogramsEachRunsPercentilesAreAveraged() {
        Measurement measurement = Measurement.ofRuns(Fixtures.NIO, Fixtures.MANY,
            List.of(Fixtures.run(1000), new Run(1000, 125_000, 1_000_000_000, 0, 40_000, 70_000, 3_000_000)));
        assertTrue(measurement.latencies().isEmpty());
        assertEquals(30_000, measurement.latency(50));
        assertEquals(60_000, measurement.latency(99));
        assertEquals(2_000_000, measurement.latency(99.9));
    }

    @Test
    void anOpenLoopFellBehindWhenItCompletedUnder95PercentOfItsRateOrHeldMostMessagesBack() {
        Cell open = Cell.paced(125, 64, 10_000);
        assertTrue(Measurement.ofRuns(Fixtures.NIO, open, List.of(Fixtures.run(9_000), Fixtures.run(9_900)))
            .fellBehind());
        // A connection sends every 6.4 ms: a 7 ms median means most messages waited for the one before.
        assertTrue(Measurement.ofRuns(Fixtures.NIO, open,
            List.of(new Run(10_000, 1_250_000, 1_000_000_000, 0, 7_000_000, 9_000_000, 9_500_000))).fellBehind());
        assertFalse(Measurement.ofRuns(Fixtures.NIO, open, List.of(Fixtures.run(9_600), Fixtures.run(10_050)))
            .fellBehind());
        assertFalse(Measurement.ofRuns(Fixtures.NIO, Fixtures.MANY, List.of(Fixtures.run(10))).fellBehind());
    }

    /** Round trips of 1 µs, the last {@code slow} of them 1 ms. */
    private static Latencies values(int count, long fast, int slow) {
        Latencies latencies = new Latencies();
        for (int i = 0; i < count; i++) {
            latencies.record(i < count - slow ? fast : 1_000_000);
        }
        return latencies;
    }

    private static Run run(Latencies latencies) {
        return new Run(latencies.count(), latencies.count() * 125, 1_000_000_000, 0, latencies.percentile(50),
            latencies.percentile(99), latencies.percentile(99.9), latencies.encode());
    }
}
