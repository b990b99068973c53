package dev.wskit.transport.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's lock, and what each hold of it owes for after it: send futures to complete and tasks that must
 * not run under the lock (closing a socket, completing a future that runs user code), gathered in a reused
 * {@link Completions}. Held only for non-blocking work. Thread-safe.
 *
 * <p>It is the pool of its connection's {@link Completions} itself rather than holding one: an idle connection
 * keeps one object fewer.
 */
final class Guard extends Completions.Pool {
    private final ReentrantLock lock = new ReentrantLock();
    private Completions owed;

    /** Takes the lock; release it with {@link #release} or, when the hold owes nothing, {@link #unlock}. */
    void lock() {
        lock.lock();
    }

    /** Releases the lock of a hold that owes nothing (it has claimed no {@link #owed}). */
    void unlock() {
        lock.unlock();
    }

    /**
     * Releases the lock.
     *
     * @return what this hold owes, for the caller to run now, or {@code null} when nothing was claimed
     */
    Completions release() {
        Completions completions = owed;
        owed = null;
        lock.unlock();
        return completions;
    }

    /** Returns what this hold of the lock owes for after it, claimed on first use. Call under the lock. */
    Completions owed() {
        if (owed == null) {
            owed = claim();
        }
        return owed;
    }

    /**
     * Runs a task once the lock is released (completing a future must not run user code under the lock).
     *
     * @param task the task
     */
    void afterUnlock(Runnable task) {
        owed().run(task);
    }

    /** Returns the lock itself, for a part of the connection that takes it without owing anything. */
    ReentrantLock lockItself() {
        return lock;
    }
}
