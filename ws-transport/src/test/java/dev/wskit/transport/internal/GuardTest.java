package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A connection's lock and what each hold of it owes: run after the release, in the order owed. */
class GuardTest {
    private final Guard guard = new Guard();

    @Test
    void tasksOwedUnderTheLockRunAfterItInTheOrderOwed() {
        List<String> ran = new ArrayList<>();
        guard.lock();
        guard.afterUnlock(() -> ran.add("first " + guard.lockItself().isHeldByCurrentThread()));
        guard.afterUnlock(() -> ran.add("second"));
        Completions owed = guard.release();
        assertFalse(guard.lockItself().isHeldByCurrentThread());
        assertEquals(List.of(), ran, "ran under the lock");
        owed.runAndRelease();
        assertEquals(List.of("first false", "second"), ran);
    }

    @Test
    void holdThatOwesNothingReleasesNothingToRun() {
        guard.lock();
        assertNull(guard.release());
    }

    @Test
    void sendFuturesOwedCompleteOrFailAfterTheRelease() {
        CompletableFuture<Void> written = new CompletableFuture<>();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        IOException cause = new IOException("Connection closed");
        guard.lock();
        guard.owed().succeed(written);
        guard.owed().fail(refused, cause);
        Completions owed = guard.release();
        assertFalse(written.isDone() || refused.isDone());
        owed.runAndRelease();
        assertTrue(written.isDone() && !written.isCompletedExceptionally());
        assertSame(cause, refused.exceptionNow());
    }

    @Test
    void eachHoldClaimsTheSpareAgainOnceReleased() {
        guard.lock();
        Completions first = guard.owed();
        guard.release().runAndRelease();
        guard.lock();
        assertSame(first, guard.owed(), "a hold allocated instead of reusing the spare");
        guard.release().runAndRelease();
    }

    @Test
    void confinedGuardIsHeldWithoutTheLockByItsThreadAlone() throws Exception {
        guard.lock();
        guard.confine();
        assertFalse(guard.lockItself().isLocked(), "the hold that confined kept the lock");
        assertNull(guard.release());
        assertTrue(guard.enter(), "the serving thread could not enter");
        guard.unlock();

        CompletableFuture<Boolean> elsewhere = CompletableFuture.supplyAsync(guard::enter);
        assertFalse(elsewhere.get(), "another thread entered a confined guard");
        assertFalse(guard.lockItself().isLocked());
    }

    @Test
    void threadWaitingForTheLockWhenTheGuardIsConfinedIsTurnedAway() throws Exception {
        guard.lock();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(guard::enter);
        // a generous bound, for a machine under load: the wait itself ends as soon as the other thread queues
        long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!guard.lockItself().hasQueuedThreads() && System.nanoTime() - giveUp < 0) {
            Thread.yield();
        }
        assertTrue(guard.lockItself().hasQueuedThreads(), "the other thread never waited for the lock");
        guard.confine();
        assertFalse(waiting.get(), "a thread that waited for the lock entered a guard confined meanwhile");
        assertFalse(guard.lockItself().isLocked(), "the turned-away thread kept the lock");
        assertNull(guard.release());
    }

    @Test
    void nestedConfinedHoldsRunWhatTheyOweOnceTheOutermostEnds() {
        guard.lock();
        guard.confine();
        guard.release();
        List<String> ran = new ArrayList<>();
        guard.lock();
        guard.lock();
        guard.afterUnlock(() -> ran.add("owed"));
        assertNull(guard.release(), "the inner hold handed out what the outer one owes");
        Completions owed = guard.release();
        owed.runAndRelease();
        assertEquals(List.of("owed"), ran);
    }
}
