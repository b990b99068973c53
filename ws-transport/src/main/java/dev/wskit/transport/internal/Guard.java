package dev.wskit.transport.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's lock, and what each hold of it owes for after it: send futures to complete and tasks that must
 * not run under the lock (closing a socket, completing a future that runs user code), gathered in a reused
 * {@link Completions}. Held only for non-blocking work. Thread-safe.
 *
 * <p>A connection {@linkplain #confine confined} to its transport's serving thread takes no lock: only that
 * thread holds the guard from then on (other threads hand their work over through the {@link Inbox}), and a
 * hold is then a count of nested holds, so that what a hold owes is run once, when the outermost one ends.
 *
 * <p>It is the pool of its connection's {@link Completions} itself rather than holding one: an idle connection
 * keeps one object fewer.
 */
final class Guard extends Completions.Pool {
    private final ReentrantLock lock = new ReentrantLock();
    private Completions owed;
    /** The thread that serves a confined connection: set under the lock, once; {@code null} until then. */
    private volatile Thread owner;
    private int depth;

    /**
     * Confines the guard to the calling thread, which holds it now: the hold goes on without the lock, and from
     * now on only this thread holds the guard. Call under the lock, on the thread that serves the connection.
     */
    void confine() {
        owner = Thread.currentThread();
        depth = 1;
        lock.unlock();
    }

    /**
     * Takes the guard for the transport's side, on the serving thread of a confined connection or with the lock;
     * release it with {@link #release} or, when the hold owes nothing, {@link #unlock}.
     */
    void lock() {
        if (owner != null) {
            depth++;
        } else {
            lock.lock();
        }
    }

    /**
     * Takes the guard for the application's side, which may call from any thread, unless the connection is
     * confined to another thread: that thread's work must then be handed over to it.
     *
     * @return true when held; false when the calling thread is not the confined connection's serving thread
     */
    boolean enter() {
        Thread serving = owner;
        if (serving == null) {
            lock.lock();
            if (owner == null) {
                return true;
            }
            // confined while this thread waited for the lock
            lock.unlock();
            serving = owner;
        }
        if (serving != Thread.currentThread()) {
            return false;
        }
        depth++;
        return true;
    }

    /** Releases the lock of a hold that owes nothing (it has claimed no {@link #owed}). */
    void unlock() {
        if (owner != null) {
            depth--;
        } else {
            lock.unlock();
        }
    }

    /**
     * Releases the lock.
     *
     * @return what this hold owes, for the caller to run now, or {@code null} when nothing was claimed (or a
     *     confined hold is nested in another, which runs it)
     */
    Completions release() {
        boolean confined = owner != null;
        if (confined && --depth > 0) {
            return null;
        }
        Completions completions = owed;
        owed = null;
        if (!confined) {
            lock.unlock();
        }
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
