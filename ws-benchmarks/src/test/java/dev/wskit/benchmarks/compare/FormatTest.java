package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void microsecondsKeepAboutThreeDigitsAndGroupThousands() {
        assertEquals("4.13", Format.micros(4_130));
        assertEquals("41.2", Format.micros(41_230));
        assertEquals("412", Format.micros(412_300));
        assertEquals("51,851", Format.micros(51_851_000));
    }

    @Test
    void latenciesSwitchToMillisecondsFromOneMillisecond() {
        assertEquals("41.2 µs", Format.latency(41_230));
        assertEquals("999 µs", Format.latency(999_000));
        assertEquals("1.0 ms", Format.latency(1_000_000));
        assertEquals("51.9 ms", Format.latency(51_851_000));
        assertEquals("375 ms", Format.latency(374_997_000));
    }

    @Test
    void countsAreGroupedWithoutDecimals() {
        assertEquals("12,346", Format.grouped(12_345.6));
        assertEquals("125 B × 1 connection", Format.bytes(125) + " × " + Format.connections(1));
    }
}
