package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Selector;
import org.junit.jupiter.api.Test;

class AlarmTest {

    @Test
    void wakesABlockedSelectorOnceItsMomentHasCome() throws IOException {
        try (Selector selector = Selector.open(); Alarm alarm = new Alarm(selector, "alarm-test")) {
            long moment = System.nanoTime() + 2_000_000;
            alarm.set(moment);
            selector.select();
            assertTrue(System.nanoTime() >= moment, "woken before its moment");
        }
    }

    @Test
    void anEarlierMomentReplacesALaterOne() throws IOException {
        try (Selector selector = Selector.open(); Alarm alarm = new Alarm(selector, "alarm-test")) {
            alarm.set(System.nanoTime() + 3_600_000_000_000L);
            alarm.set(System.nanoTime());
            selector.select();
        }
    }
}
