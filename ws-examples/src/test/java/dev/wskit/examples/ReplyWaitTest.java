package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplyWaitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingEndsTheWaitBeforeTheInputEnds() {
        ReplyWait wait = ReplyWait.fixed(Duration.ZERO);
        assertEquals(Long.MAX_VALUE, wait.nanosLeft(100 * SECOND));
    }

    @Test
    void aQuietWaitEndsWhenNothingHasArrivedForTheQuietTime() {
        ReplyWait wait = ReplyWait.untilQuiet(Duration.ofMillis(2500), Duration.ofSeconds(10));
        wait.inputEnded(0);
        assertEquals(SECOND / 2, wait.nanosLeft(2 * SECOND));
        assertEquals(0, wait.nanosLeft(2 * SECOND + SECOND / 2));
    }

    @Test
    void aReplyRestartsTheQuietTime() {
        ReplyWait wait = ReplyWait.untilQuiet(Duration.ofMillis(2500), Duration.ofSeconds(10));
        wait.inputEnded(0);
        wait.replied(2 * SECOND);
        assertEquals(2 * SECOND, wait.nanosLeft(2 * SECOND + SECOND / 2));
    }

    @Test
    void aQuietWaitStopsAtItsLimitHoweverManyRepliesCome() {
        ReplyWait wait = ReplyWait.untilQuiet(Duration.ofSeconds(2), Duration.ofSeconds(10));
        wait.inputEnded(0);
        for (long t = 0; t <= 9; t++) {
            wait.replied(t * SECOND);
        }
        assertEquals(SECOND, wait.nanosLeft(9 * SECOND));
        assertEquals(0, wait.nanosLeft(10 * SECOND));
    }

    @Test
    void waitingForRepliesEndsOnceEachHasComeCountingThoseBeforeTheInputEnded() {
        ReplyWait wait = ReplyWait.forReplies(2, Duration.ofSeconds(10));
        wait.replied(0);
        wait.inputEnded(SECOND);
        assertEquals(9 * SECOND, wait.nanosLeft(2 * SECOND));
        wait.replied(2 * SECOND);
        assertEquals(0, wait.nanosLeft(2 * SECOND));
    }

    @Test
    void waitingForRepliesGivesUpAtItsLimit() {
        ReplyWait wait = ReplyWait.forReplies(1, Duration.ofSeconds(10));
        wait.inputEnded(0);
        assertEquals(0, wait.nanosLeft(10 * SECOND));
    }

    @Test
    void aFixedWaitLastsItsTimeWhateverArrives() {
        ReplyWait wait = ReplyWait.fixed(Duration.ofSeconds(5));
        wait.inputEnded(0);
        wait.replied(SECOND);
        assertEquals(SECOND, wait.nanosLeft(4 * SECOND));
        assertEquals(0, wait.nanosLeft(5 * SECOND));
    }
}
