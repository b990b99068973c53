package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTest {

    @Test
    void formatsAndParsesBack() {
        Run run = new Run(42, 5250, 2_000_000_000, -1, 10, 20, 30);
        assertEquals(run, Run.parse(run.format()));
        assertEquals(21.0, run.perSecond());
        assertEquals(-1.0, run.cpuNanosPerMessage());
        assertEquals(2.0, new Run(10, 0, 1, 20, 0, 0, 0).cpuNanosPerMessage());
    }

    @Test
    void carriesTheRunsHistogramOnItsLine() {
        Latencies latencies = new Latencies();
        latencies.record(12_345);
        Run run = new Run(1, 125, 1_000_000, 5, 12_345, 12_345, 12_345, latencies.encode());
        Run parsed = Run.parse(run.format());
        assertEquals(run, parsed);
        assertEquals(1, Latencies.decode(parsed.latencies()).count());
        assertEquals("", Run.parse(new Run(1, 2, 3, 4, 5, 6, 7).format()).latencies());
    }

    @Test
    void carriesTheLoadGeneratorsCpuAndReadsLinesWithoutIt() {
        Run run = new Run(100, 12_500, 2_000_000_000, 900_000, 10, 20, 30, "", 1_500_000_000);
        Run parsed = Run.parse(run.format());
        assertEquals(run, parsed);
        assertEquals(0.75, parsed.loadCores(), 1e-9);
        assertEquals(-1, Run.parse("messages=1 bytes=2 nanos=3 cpu=4 p50=5 p99=6 p999=7").loadCpuNanos());
        assertEquals(-1.0, new Run(1, 2, 3, 4, 5, 6, 7).loadCores());
    }

    @Test
    void rejectsMissingFigures() {
        assertThrows(IllegalArgumentException.class, () -> Run.parse("messages=1 bytes=2"));
    }

    @Test
    void linesKeepTheNoteWhole() {
        Map<String, String> fields = Lines.fields("HOLDING idle:0:10 opened=7 note=fd limit: a=b c");
        assertEquals("7", fields.get("opened"));
        assertEquals("fd limit: a=b c", fields.get("note"));
        assertEquals(Map.of("opened", "7", "heap", "1"), Lines.merge(Map.of("opened", "1"),
            Map.of("opened", "7", "heap", "1")));
    }
}
