package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The event loop's turn: select, tasks, deadlines, flushes, and none of them starving the others. */
class EventLoopTest {
    private static final int THREADS = 4;
    private static final int TASKS_PER_THREAD = 20_000;

    @Test
    void tasksHandedOverFromManyThreadsRunOnceEachInTheOrderEachThreadHandedThemOver() throws Exception {
        EventLoop loop = new EventLoop("event-loop-test", Runnable::run);
        loop.start();
        List<List<Integer>> ran = new ArrayList<>();
        CountDownLatch allRan = new CountDownLatch(THREADS * TASKS_PER_THREAD);
        List<Thread> senders = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                List<Integer> mine = new ArrayList<>();
                ran.add(mine);
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < TASKS_PER_THREAD; i++) {
                        int n = i;
                        // only the loop's thread adds to the list; the latch publishes it to the test's
                        loop.execute(() -> {
                            mine.add(n);
                            allRan.countDown();
                        });
                    }
                }));
            }
            assertTrue(allRan.await(60, TimeUnit.SECONDS), allRan.getCount() + " tasks never ran");
            for (List<Integer> mine : ran) {
                assertEquals(TASKS_PER_THREAD, mine.size());
                for (int i = 0; i < TASKS_PER_THREAD; i++) {
                    assertEquals(i, mine.get(i), "out of order");
                }
            }
        } finally {
            for (Thread sender : senders) {
                sender.join();
            }
            stop(loop);
        }
    }

    @Test
    void selfLinkedTaskRunsBetweenThePlainTasksHandedOverBeforeAndAfterIt() throws Exception {
        EventLoop loop = new EventLoop("event-loop-test", Runnable::run);
        List<String> ran = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        loop.execute(() -> ran.add("plain before"));
        loop.execute(new TaskStack.Task() {
            @Override
            public void run() {
                ran.add("self-linked");
            }
        });
        loop.execute(() -> done.complete(List.copyOf(ran)));
        loop.start();
        try {
            assertEquals(List.of("plain before", "self-linked"), done.get(60, TimeUnit.SECONDS));
        } finally {
            stop(loop);
        }
    }

    @Test
    void selfLinkedTaskHandedOverAgainWhileItRunsRunsAgain() throws Exception {
        EventLoop loop = new EventLoop("event-loop-test", Runnable::run);
        loop.start();
        Again again = new Again(loop, 1_000);
        try {
            Thread.ofPlatform().start(() -> loop.execute(again)).join();
            assertEquals(1_000, again.done.get(60, TimeUnit.SECONDS));
        } finally {
            stop(loop);
        }
    }

    private static void stop(EventLoop loop) throws InterruptedException {
        loop.stop(new IOException("test over"));
        loop.thread().join(Duration.ofSeconds(10));
        assertFalse(loop.thread().isAlive(), "the loop did not stop");
    }

    /** Hands itself over again each time it runs, until it has run as often as asked. */
    private static final class Again extends TaskStack.Task {
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final EventLoop loop;
        private final int times;
        private int runs;

        Again(EventLoop loop, int times) {
            this.loop = loop;
            this.times = times;
        }

        @Override
        public void run() {
            runs++;
            if (runs < times) {
                loop.execute(this);
            } else {
                done.complete(runs);
            }
        }
    }

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
