package dev.wskit.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundsTest {
    private static final long MIB = 1024 * 1024;

    private static Sample sample(long cycle, long heapMib, long rssMib, long nmtMib, long threads, long fds) {
        return new Sample(cycle, heapMib * MIB, rssMib * MIB, nmtMib * MIB, threads, fds, 0, 1000);
    }

    @Test
    void flatSeriesPasses() {
        List<Sample> series = List.of(sample(50_000, 10, 300, 400, 20, 30), sample(100_000, 12, 310, 405, 22, 31),
            sample(150_000, 11, 305, 402, 20, 30));
        assertEquals(List.of(), Bounds.defaults().check(series));
    }

    @Test
    void heapGrowingPastItsBoundIsCaughtAtItsPeak() {
        List<Sample> series = List.of(sample(50_000, 10, 300, 400, 20, 30), sample(100_000, 30, 300, 400, 20, 30),
            sample(150_000, 43, 300, 400, 20, 30), sample(200_000, 41, 300, 400, 20, 30));
        List<Bounds.Violation> violations = Bounds.defaults().check(series);
        assertEquals(List.of(new Bounds.Violation(Quantity.HEAP, 10 * MIB, 43 * MIB, 150_000, 32 * MIB)),
            violations);
        assertEquals("heap grew by 33.0 MiB (from 10.0 MiB to 43.0 MiB at cycle 150,000), beyond its bound of "
            + "+32.0 MiB", violations.getFirst().message());
    }

    @Test
    void growthExactlyAtTheBoundPasses() {
        List<Sample> series = List.of(sample(1, 10, 300, 400, 20, 30), sample(2, 42, 428, 464, 36, 94));
        assertEquals(List.of(), Bounds.defaults().check(series));
    }

    @Test
    void everyQuantityIsChecked() {
        List<Sample> series = List.of(sample(1, 10, 300, 400, 20, 30), sample(2, 43, 429, 465, 37, 95));
        List<Quantity> grown = Bounds.defaults().check(series).stream().map(Bounds.Violation::quantity).toList();
        assertEquals(List.of(Quantity.values()), grown);
    }

    @Test
    void leakedThreadsAndSocketsAreCounts() {
        List<Sample> series = List.of(sample(1, 10, 300, 400, 20, 30), sample(2, 10, 300, 400, 120, 230));
        List<Bounds.Violation> violations = Bounds.defaults().check(series);
        assertEquals(2, violations.size());
        assertEquals("threads grew by 100 (from 20 to 120 at cycle 2), beyond its bound of +16",
            violations.get(0).message());
        assertEquals("fds grew by 200 (from 30 to 230 at cycle 2), beyond its bound of +64",
            violations.get(1).message());
    }

    @Test
    void quantitiesThePlatformCannotReadAreSkipped() {
        Sample first = new Sample(1, MIB, -1, -1, 5, -1, 0, 1);
        Sample later = new Sample(2, MIB, 500 * MIB, 500 * MIB, 5, 500, 0, 1);
        assertEquals(List.of(), Bounds.defaults().check(List.of(first, later)));
    }

    @Test
    void shrinkingIsNoGrowth() {
        List<Sample> series = List.of(sample(1, 100, 900, 900, 90, 90), sample(2, 10, 300, 400, 20, 30));
        assertTrue(Bounds.defaults().check(series).isEmpty());
    }
}
