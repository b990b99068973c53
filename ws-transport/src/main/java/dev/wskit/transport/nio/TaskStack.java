package dev.wskit.transport.nio;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The tasks handed over to an {@link EventLoop} by other threads: a lock-free stack that the loop takes whole
 * each time it runs out, then runs in the order they were handed over. A {@link Task} links itself into it, so
 * that a connection asking its loop to write (its {@link Mailbox}) allocates nothing; any other
 * {@link Runnable} is wrapped in one.
 *
 * <p>Thread-safe for {@link #push} and {@link #isEmpty}; {@link #next} is for the loop's own thread.
 */
final class TaskStack {
    /**
     * Something run on the loop that carries its own link in the loop's queue. It may be handed over again once
     * it has started running, never while it still waits to run.
     */
    abstract static class Task implements Runnable {
        /** The task handed over before this one (while pushed), or after it (once taken by the loop). */
        private Task next;
    }

    /** A plain {@link Runnable} in the loop's queue. */
    private static final class Wrapped extends Task {
        private final Runnable task;

        Wrapped(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            task.run();
        }
    }

    /** Tasks handed over and not yet taken, the latest first. */
    private final AtomicReference<Task> pushed = new AtomicReference<>();
    /** Tasks taken from {@link #pushed}, the earliest first; loop thread only. */
    private Task taken;

    /**
     * Wraps a plain task, to be {@linkplain #push pushed}.
     *
     * @param task the task
     * @return a new task that runs it
     */
    static Task wrap(Runnable task) {
        return new Wrapped(task);
    }

    /**
     * Hands a task over. Any thread.
     *
     * @param task the task, not waiting to run already
     */
    void push(Task task) {
        Task head;
        do {
            head = pushed.get();
            task.next = head;
        } while (!pushed.compareAndSet(head, task));
    }

    /**
     * Tells whether no task waits to run. Any thread, though only the loop's sees those it has taken.
     *
     * @return true when none waits
     */
    boolean isEmpty() {
        return taken == null && pushed.get() == null;
    }

    /**
     * Takes the next task to run, in the order they were handed over. Loop thread only.
     *
     * @return the task, or {@code null} when none waits
     */
    Task next() {
        if (taken == null && pushed.get() != null) {
            taken = reverse(pushed.getAndSet(null));
        }
        Task task = taken;
        if (task != null) {
            taken = task.next;
            // cleared before it runs: once running, it may be handed over again, and link itself anew
            task.next = null;
        }
        return task;
    }

    private static Task reverse(Task latestFirst) {
        Task earliestFirst = null;
        Task task = latestFirst;
        while (task != null) {
            Task before = task.next;
            task.next = earliestFirst;
            earliestFirst = task;
            task = before;
        }
        return earliestFirst;
    }
}
