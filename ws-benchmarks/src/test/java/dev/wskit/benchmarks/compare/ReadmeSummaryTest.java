package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadmeSummaryTest {
    private final String summary = ReadmeSummary.format(Fixtures.report(), "ws-benchmarks/results");

    @Test
    void tabulatesEveryTargetAgainstEveryCell() {
        assertTrue(summary.startsWith("Latest quick run (1 warm-up and 2 runs of 1.0 s per cell), 2025-01-02, on 2 cores "
            + "(Test CPU <x86>)"), summary);
        assertTrue(summary.contains("![Round trips per second, open-loop latency and server CPU per message]"
            + "(ws-benchmarks/results/results.svg)"), summary);
        assertTrue(summary.contains("| target | round trips/s, 125 B × 1 | round trips/s, 125 B × 64 "
            + "| p99 µs, 125 B × 64 at 10,000/s | heap per idle connection (2,000) | server CPU µs/message, 125 B × 64 "
            + "|\n|---|---:|---:|---:|---:|---:|\n"), summary);
        assertTrue(summary.contains("| raw-tcp | 55,000 |  |  |  |  |\n"), summary);
        assertTrue(summary.contains("| netty | 30,000 | 85,000 | 100 |  | 10.0 |\n"), summary);
        assertTrue(summary.contains("| wskit-nio | 42,000 | 90,000 | 60.0 | 3.5 KB | 10.0 |\n"), summary);
        assertTrue(summary.contains("| wskit-virtual |  | failed |  |  | failed |\n"), summary);
        assertTrue(summary.contains("Against the bar:\n\n| transport | check |"), summary);
    }

    @Test
    void replacesWhatStandsBetweenTheMarkers() {
        String readme = "# Title\n\n" + ReadmeSummary.BEGIN + "\nold figures\n" + ReadmeSummary.END + "\nafter\n";
        String updated = ReadmeSummary.splice(readme, "new figures\n");
        assertEquals("# Title\n\n" + ReadmeSummary.BEGIN + "\nnew figures\n" + ReadmeSummary.END + "\nafter\n",
            updated);
        assertEquals(updated, ReadmeSummary.splice(updated, "new figures\n"));
        assertThrows(IllegalArgumentException.class, () -> ReadmeSummary.splice("# no markers", "x"));
    }
}
