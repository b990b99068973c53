package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
    void zeroIsTheClosedLoopAndTheDefault() {
        assertFalse(Pacing.of(0).isOpen());
        assertEquals(Pacing.CLOSED, new Timing(1, 2, Duration.ofSeconds(1), Duration.ZERO).pacing());
        assertEquals("closed-loop", Pacing.CLOSED.label());
        assertEquals(0, Pacing.CLOSED.perConnection());
    }

    @Test
    void labelsTheRate() {
        Pacing pacing = Pacing.of(2000);
        assertTrue(pacing.isOpen());
        assertEquals(2000, pacing.perConnection(), 1e-9);
        assertEquals("open-loop at 2,000 messages/s per connection", pacing.label());
    }

    @Test
    void rejectsNegativeAndNonNumericRates() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Pacing.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Pacing(-5));
    }
}
