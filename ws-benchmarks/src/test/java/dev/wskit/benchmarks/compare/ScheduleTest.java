package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntToLongFunction;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final long MILLI = 1_000_000;
    /** One message per millisecond per connection. */
    private static final Pacing EVERY_MILLI = Pacing.of(1000);

    @Test
    void closedLoopCountsFromEachSendingAndNeverWaits() {
        Schedule schedule = new Schedule(Pacing.CLOSED, 0);
        assertFalse(schedule.isWaiting());
        schedule.sent(100);
        assertEquals(30, schedule.echoed(130));
        assertFalse(schedule.isWaiting());
        schedule.sent(135);
        assertEquals(65, schedule.echoed(200));
    }

    @Test
    void openLoopWaitsForEachIntendedTimeAndDoesNotChargeItsOwnWakeUpLag() {
        Schedule schedule = new Schedule(EVERY_MILLI, 5 * MILLI);
        assertTrue(schedule.isWaiting());
        assertFalse(schedule.isDue(5 * MILLI - 1));
        assertTrue(schedule.isDue(5 * MILLI));
        schedule.sent(5 * MILLI + 40_000);
        assertEquals(60_000, schedule.echoed(5 * MILLI + 100_000));
        assertTrue(schedule.isWaiting());
        assertEquals(6 * MILLI, schedule.intended());
        assertFalse(schedule.isDue(6 * MILLI - 1));
    }

    @Test
    void messagesTheServerHeldBackLeaveAtOnceChargedFromTheirIntendedTimes() {
        Schedule schedule = new Schedule(EVERY_MILLI, 0);
        schedule.sent(0);
        assertEquals(3_500_000, schedule.echoed(3_500_000));
        assertFalse(schedule.isWaiting());
        schedule.sent(3_500_000);
        assertEquals(2_600_000, schedule.echoed(3_600_000));
        schedule.sent(3_600_000);
        assertEquals(1_700_000, schedule.echoed(3_700_000));
        schedule.sent(3_700_000);
        assertEquals(800_000, schedule.echoed(3_800_000));
        assertTrue(schedule.isWaiting());
        assertEquals(4 * MILLI, schedule.intended());
    }

    @Test
    void aStallIsChargedAsHdrHistogramsExpectedIntervalCorrectionCharges() {
        // Echoes are instant but for a 10 ms stall on the sixth message; 30 messages are intended, one per ms.
        IntToLongFunction service = message -> message == 5 ? 10 * MILLI : 0;
        Latencies ours = simulate(EVERY_MILLI, 30, service);
        // A sender that waits for each echo sends 21 messages (it omits the 9 due during the stall); HdrHistogram
        // puts the omitted ones back from the stalled value and the expected interval.
        Histogram reference = new Histogram(3);
        for (int message = 0; message < 21; message++) {
            reference.recordValueWithExpectedInterval(message == 5 ? 10 * MILLI : 0, MILLI);
        }
        assertEquals(reference.getTotalCount(), ours.count());
        assertEquals(30, ours.count());
        for (double percentile = 0; percentile <= 100; percentile += 2.5) {
            assertEquals(reference.getValueAtPercentile(percentile), ours.percentile(percentile), "p" + percentile);
        }
        assertEquals(reference.getMaxValue(), ours.max());
    }

    @Test
    void aServerThatKeepsUpIsChargedItsServiceTimeOnly() {
        Latencies ours = simulate(EVERY_MILLI, 100, message -> 200_000);
        assertEquals(100, ours.count());
        // Within HdrHistogram's three significant digits.
        assertEquals(200_000, ours.percentile(0), 200);
        assertEquals(200_000, ours.max(), 200);
    }

    /** Runs one connection on a virtual clock: each echo takes the given service time once the message left. */
    private static Latencies simulate(Pacing pacing, int messages, IntToLongFunction service) {
        Latencies latencies = new Latencies();
        Schedule schedule = new Schedule(pacing, 0);
        long now = 0;
        for (int message = 0; message < messages; message++) {
            if (schedule.isWaiting()) {
                now = Math.max(now, schedule.intended());
            }
            schedule.sent(now);
            now += service.applyAsLong(message);
            latencies.record(schedule.echoed(now));
        }
        return latencies;
    }
}
