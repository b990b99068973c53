package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The write-stall watch, driven by instants given as arguments: no clock, no waiting. */
class WriteStallTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = -5 * SECOND; // System.nanoTime() may be negative

    @Test
    void outputThatWaitsTheWholeTimeoutWithoutProgressIsStalled() {
        WriteStall stall = new WriteStall(Duration.ofSeconds(30));
        assertTrue(stall.needsStart(true));
        stall.startWaiting(T0);
        assertEquals(T0 + 30 * SECOND, stall.deadline());
        assertFalse(stall.isStalled(T0 + 30 * SECOND - 1));
        assertTrue(stall.isStalled(T0 + 30 * SECOND));
    }

    @Test
    void stallIsReportedOnceAndTheWatchEnds() {
        WriteStall stall = new WriteStall(Duration.ofSeconds(1));
        stall.startWaiting(T0);
        assertTrue(stall.isStalled(T0 + SECOND));
        assertFalse(stall.isStalled(T0 + 2 * SECOND));
        assertFalse(stall.needsStart(true));
        assertEquals(WriteStall.NONE, stall.deadline());
    }

    @Test
    void progressMovesTheDeadlineOnWithoutReschedulingEachTime() {
        WriteStall stall = new WriteStall(Duration.ofSeconds(30));
        stall.startWaiting(T0);
        stall.progressed(T0 + 10 * SECOND);
        stall.progressed(T0 + 20 * SECOND);
        assertEquals(T0 + 30 * SECOND, stall.deadline(), "progress alone leaves the scheduled check where it is");
        assertFalse(stall.isStalled(T0 + 30 * SECOND));
        assertEquals(T0 + 50 * SECOND, stall.deadline(), "the check moved to the last progress plus the timeout");
        assertTrue(stall.isStalled(T0 + 50 * SECOND));
    }

    @Test
    void outputThatDrainedIsNotStalledAndTheCheckLapses() {
        WriteStall stall = new WriteStall(Duration.ofSeconds(30));
        stall.startWaiting(T0);
        stall.idle();
        assertFalse(stall.isStalled(T0 + 60 * SECOND));
        assertEquals(WriteStall.NONE, stall.deadline());
        assertTrue(stall.needsStart(true), "output that waits again starts a new watch");
        assertFalse(stall.needsStart(false));
    }

    @Test
    void zeroTimeoutNeverWatches() {
        WriteStall stall = new WriteStall(Duration.ZERO);
        assertFalse(stall.needsStart(true));
        assertEquals(WriteStall.NONE, stall.deadline());
    }
}
