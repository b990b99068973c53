package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** A {@link ReconnectPolicy}'s delays: exponential, capped, jittered within bounds; and its attempt limit. */
class ReconnectPolicyTest {
    private static final ReconnectPolicy POLICY = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
        2, 0.5, 4);

    @Test
    void delaysDoubleUpToTheMaximumWithoutJitterAtTheMiddle() {
        RandomGenerator middle = fixed(0.5);
        assertEquals(Duration.ofMillis(100), POLICY.delay(0, middle));
        assertEquals(Duration.ofMillis(200), POLICY.delay(1, middle));
        assertEquals(Duration.ofMillis(800), POLICY.delay(3, middle));
        assertEquals(Duration.ofSeconds(1), POLICY.delay(4, middle));
        assertEquals(Duration.ofSeconds(1), POLICY.delay(60, middle));
    }

    @Test
    void jitterMovesADelayByAtMostItsFractionAndNeverAboveTheMaximum() {
        assertEquals(Duration.ofMillis(100), POLICY.delay(1, fixed(0)));
        assertEquals(Duration.ofMillis(300), POLICY.delay(1, fixed(1)));
        assertEquals(Duration.ofMillis(500), POLICY.delay(10, fixed(0)));
        assertEquals(Duration.ofSeconds(1), POLICY.delay(10, fixed(1)));
    }

    @Test
    void retriesStopAtTheAttemptLimitUnlessThereIsNone() {
        assertTrue(POLICY.allowsRetry(3));
        assertFalse(POLICY.allowsRetry(4));
        assertTrue(ReconnectPolicy.defaults().allowsRetry(Integer.MAX_VALUE));
    }

    @Test
    void rejectsAMultiplierBelowOneAndJitterAboveOne() {
        assertEquals("Multiplier below 1: 0.5", assertThrows(IllegalArgumentException.class,
            () -> new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 0.5, 0, 0)).getMessage());
        assertEquals("Jitter outside 0-1: 1.5", assertThrows(IllegalArgumentException.class,
            () -> new ReconnectPolicy(Duration.ZERO, Duration.ZERO, 1, 1.5, 0)).getMessage());
    }

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }
}
