package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HeadLimitsTest {
    @Test
    void defaultsToEightKibibytesAndAHundredHeaders() {
        assertEquals(new HeadLimits(8192, 100), HeadLimits.DEFAULT);
    }

    @Test
    void refusesLimitsTooSmallForAnyHandshake() {
        assertThrows(IllegalArgumentException.class, () -> new HeadLimits(63, 100));
        assertThrows(IllegalArgumentException.class, () -> new HeadLimits(8192, 7));
    }
}
