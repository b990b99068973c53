package dev.wskit.servlet;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One connection's deadline on a shared scheduler. It keeps one task at the earliest deadline asked for: a later
 * deadline moves no task (the task finds it not yet due and schedules itself again), so that deadlines that move
 * with every message cost nothing. Thread-safe.
 */
final class DeadlineTimer {
    private final ScheduledExecutorService scheduler;
    private LongConsumer action;
    private long deadline = Long.MAX_VALUE;
    private long scheduledAt;
    private ScheduledFuture<?> scheduled;
    private boolean cancelled;

    DeadlineTimer(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Sets what runs, with the current {@link System#nanoTime()}, when a deadline passes. */
    synchronized void onDeadline(LongConsumer timerAction) {
        this.action = timerAction;
    }

    /** Asks for the action at or soon after a {@link System#nanoTime()} instant; {@link Long#MAX_VALUE} for none. */
    synchronized void schedule(long deadlineNanos) {
        deadline = deadlineNanos;
        if (cancelled || deadlineNanos == Long.MAX_VALUE || scheduled != null && scheduledAt - deadlineNanos <= 0) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduleAt(deadlineNanos);
    }

    private void scheduleAt(long at) {
        scheduledAt = at;
        try {
            scheduled = scheduler.schedule(this::fire, Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // the servlet is being destroyed, and ends every connection
            scheduled = null;
        }
    }

    private void fire() {
        long now = System.nanoTime();
        LongConsumer due;
        synchronized (this) {
            scheduled = null;
            if (cancelled || deadline == Long.MAX_VALUE) {
                return;
            }
            if (now - deadline < 0) {
                scheduleAt(deadline);
                return;
            }
            due = action;
        }
        due.accept(now);
    }

    /** Stops for good: the connection ended. */
    synchronized void cancel() {
        cancelled = true;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }
}
