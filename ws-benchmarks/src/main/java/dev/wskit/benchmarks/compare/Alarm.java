package dev.wskit.benchmarks.compare;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes a selector at a given moment, finer than {@link Selector#select(long)}'s milliseconds: an open-loop
 * driver sets the moment its next message is due and blocks in its selector, which returns at that moment or
 * when an echo arrives, whichever comes first. Its own thread parks until the moment (the operating system's
 * timer slack, some tens of microseconds on Linux, is its precision). {@link #set} is for the driver's thread;
 * {@link #close} for any.
 */
final class Alarm implements AutoCloseable {
    private static final long NONE = Long.MAX_VALUE;

    private final Selector selector;
    private final AtomicLong due = new AtomicLong(NONE);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts an alarm with nothing set.
     *
     * @param selector the selector to wake
     * @param name the alarm thread's name
     */
    Alarm(Selector selector, String name) {
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /**
     * Sets the moment to wake the selector at, replacing the last one.
     *
     * @param nanoTime the moment, in {@link System#nanoTime()} terms
     */
    void set(long nanoTime) {
        if (nanoTime < due.getAndSet(nanoTime)) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops the alarm's thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            long at = due.get();
            long left = at - System.nanoTime();
            if (at == NONE) {
                LockSupport.park(this);
            } else if (left > 0) {
                LockSupport.parkNanos(this, left);
            } else if (due.compareAndSet(at, NONE)) {
                selector.wakeup();
            }
        }
    }
}
