package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacingTest {

    @Test
    void intendedTimesFollowTheRateFromTheStart() {
        Pacing pacing = Pacing.of(1000);
        assertEquals(1_000_000, pacing.intervalNanos());
        long start = 5_000_000_000L;
        long intended = pacing.first(start, 0, 4);
        assertEquals(start, intended);
        for (int i = 1; i <= 3; i++) {
            intended = pacing.next(intended);
            assertEquals(start + i * 1_000_000L, intended);
        }
    }

    @Test
    void connectionsAreSpreadEvenlyOverOneInterval() {
        Pacing pacing = Pacing.of(100);
        assertEquals(1000L, pacing.first(1000, 0, 4));
        assertEquals(1000L + 2_500_000, pacing.first(1000, 1, 4));
        assertEquals(1000L + 7_500_000, pacing.first(1000, 3, 4));
    }

    @Test
    void loadThreadsTogetherSpreadAllConnectionsOverOneInterval() {
        Pacing pacing = new Pacing(5000);
        assertArrayEquals(new long[] {100, 2100, 4100}, pacing.firsts(100, 0, 2, 5));
        assertArrayEquals(new long[] {1100, 3100}, pacing.firsts(100, 1, 2, 5));
        assertArrayEquals(new long[] {100, 1100, 2100, 3100, 4100}, pacing.firsts(100, 0, 1, 5));
        assertArrayEquals(new long[0], pacing.firsts(100, 3, 4, 2));
    }

    @Test
    void zeroIsTheClosedLoopAndTheDefault() {
        assertFalse(Pacing.of(0).isOpen());
        assertEquals(Pacing.CLOSED, Cell.echo(125, 64).pacing());
        assertEquals(0, Pacing.CLOSED.perConnection());
    }

    @Test
    void anOpenLoopCellSharesItsRateEvenlyAmongItsConnections() {
        Pacing pacing = Cell.paced(125, 64, 10_000).pacing();
        assertEquals(10_000.0 / 64, pacing.perConnection(), 1e-6);
        assertEquals(6_400_000, pacing.intervalNanos());
        assertEquals(6_300_000, pacing.first(0, 63, 64));
    }

    @Test
    void reportsItsRate() {
        Pacing pacing = Pacing.of(2000);
        assertTrue(pacing.isOpen());
        assertEquals(2000, pacing.perConnection(), 1e-9);
    }

    @Test
    void rejectsNegativeAndNonNumericRates() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Pacing.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Pacing(-5));
    }
}
