package dev.wskit.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesTableTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void rowLinesUpWithTheHeader() {
        Sample sample = new Sample(1_000_000, 12 * MIB, 300 * MIB, 400 * MIB, 21, 33, 0, 1234.4);
        assertEquals("   1,000,000         12.0        300.0        400.0       21       33      0      1,234",
            SeriesTable.row(sample));
        assertEquals(SeriesTable.header().length(), SeriesTable.row(sample).length());
    }

    @Test
    void growthIsThePeakOverTheFirstSample() {
        List<Sample> series = List.of(new Sample(1, 10 * MIB, 300 * MIB, 400 * MIB, 20, 30, 0, 1),
            new Sample(2, 14 * MIB, 300 * MIB, 400 * MIB, 22, 30, 0, 1),
            new Sample(3, 12 * MIB, 300 * MIB, 400 * MIB, 21, 30, 0, 1));
        String growth = SeriesTable.growth(series, Bounds.defaults());
        assertEquals(String.join(System.lineSeparator(),
            "  heap:          10.0 MiB -> 12.0 MiB, max growth +4.0 MiB (bound +32.0 MiB)",
            "  RSS:           300.0 MiB -> 300.0 MiB, max growth +0.0 MiB (bound +128.0 MiB)",
            "  NMT committed: 400.0 MiB -> 400.0 MiB, max growth +0.0 MiB (bound +64.0 MiB)",
            "  threads:       20 -> 21, max growth +2 (bound +16)",
            "  fds:           30 -> 30, max growth +0 (bound +64)", ""), growth);
    }
}
