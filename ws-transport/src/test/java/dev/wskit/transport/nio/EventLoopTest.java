package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event loop's turn: select, tasks, deadlines, flushes, and none of them starving the others. */
class EventLoopTest {

    /**
     * Found under load: a connection whose close timeout ran out asks for its past deadline again until its socket
     * closes, which happens in the turn's flushes; firing it again within the same turn kept the loop in its
     * deadlines for ever, and every connection on that loop stalled.
     */
    @Test
    void targetThatKeepsAskingForAPastDeadlineDoesNotKeepTheLoopFromItsTasks() throws Exception {
        EventLoop loop = new EventLoop("event-loop-test", Runnable::run);
        loop.start();
        Stubborn stubborn = new Stubborn(loop);
        try {
            loop.execute(() -> loop.schedule(stubborn, System.nanoTime() - 1));
            assertTrue(stubborn.firedThrice.await(60, TimeUnit.SECONDS), "the past deadline never fired");
            long selectsBefore = loop.selects();
            CompletableFuture<Void> task = new CompletableFuture<>();
            loop.execute(() -> task.complete(null));
            task.get(60, TimeUnit.SECONDS);
            // the task may run in the turn whose select was counted already: the next turn must select again
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (loop.selects() <= selectsBefore && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertTrue(loop.selects() > selectsBefore, "the loop no longer selects");
        } finally {
            stubborn.done = true;
            loop.stop(new IOException("test over"));
            loop.thread().join(Duration.ofSeconds(10));
        }
        assertFalse(loop.thread().isAlive(), "the loop did not stop");
    }

    /** Asks for the same, past, deadline each time it is told of it, until the test is over. */
    private static final class Stubborn implements EventLoop.Timed {
        final CountDownLatch firedThrice = new CountDownLatch(3);
        volatile boolean done;
        private final EventLoop loop;

        Stubborn(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onDeadline(long deadline, long nowNanos) {
            firedThrice.countDown();
            if (!done) {
                loop.schedule(this, deadline);
            }
        }
    }
}
