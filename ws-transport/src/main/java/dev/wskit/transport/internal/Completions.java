package dev.wskit.transport.internal;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * What a connection owes once it releases its lock: send futures to complete or fail, and tasks (closing the
 * channel, completing futures that run user code) that must not run under the lock. Filled under the lock and
 * run after it by the same thread; reused, so that the hot path allocates no list and no lambda per message.
 * Not thread-safe: one thread owns an instance between {@link Pool#claim} and {@link #runAndRelease}.
 */
final class Completions {
    /** Room for this many items when the first is owed: most holds of the lock owe one or two. */
    private static final int INITIAL_CAPACITY = 4;

    private final Pool pool;
    /**
     * What is owed, as pairs: an item at an even index, the cause it fails with (or {@code null}) after it; made
     * at the first item, so that a connection that never owed anything holds no array.
     */
    private Object[] slots;
    private int size;

    private Completions(Pool pool) {
        this.pool = pool;
    }

    /**
     * Owes a send's success.
     *
     * @param future the send's future, or {@code null} for a send made without one
     */
    void succeed(CompletableFuture<Void> future) {
        if (future != null) {
            append(future, null);
        }
    }

    /**
     * Owes a send's failure.
     *
     * @param future the send's future, or {@code null} for a send made without one
     * @param cause why it failed
     */
    void fail(CompletableFuture<Void> future, Throwable cause) {
        if (future != null) {
            append(future, cause);
        }
    }

    /**
     * Owes a task.
     *
     * @param task what to run once the lock is released
     */
    void run(Runnable task) {
        append(task, null);
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void append(Object item, Throwable cause) {
        if (slots == null) {
            slots = new Object[2 * INITIAL_CAPACITY];
        } else if (2 * size == slots.length) {
            slots = Arrays.copyOf(slots, 4 * size);
        }
        slots[2 * size] = item;
        slots[2 * size + 1] = cause;
        size++;
    }

    /** Runs what is owed, in the order it was owed, then hands this instance back for reuse. */
    @SuppressWarnings("unchecked")
    void runAndRelease() {
        // indexed: what runs here may owe more (a completed future's dependent sending again on this thread
        // takes another instance, so nothing is appended here while this loop runs)
        for (int i = 0; i < size; i++) {
            Object item = slots[2 * i];
            Throwable cause = (Throwable) slots[2 * i + 1];
            slots[2 * i] = null;
            slots[2 * i + 1] = null;
            if (item instanceof CompletableFuture<?> future) {
                complete((CompletableFuture<Void>) future, cause);
            } else {
                ((Runnable) item).run();
            }
        }
        size = 0;
        pool.release(this);
    }

    private static void complete(CompletableFuture<Void> future, Throwable cause) {
        if (cause == null) {
            future.complete(null);
        } else {
            future.completeExceptionally(cause);
        }
    }

    /**
     * One connection's reusable instance, with a fresh one for a thread that finds it taken (another thread is
     * still running what it owed). Claimed under the connection's lock; released by its owner without it. The
     * spare is made at the first claim. A connection's {@link Guard} is its pool, so that it holds no pool object.
     */
    static sealed class Pool permits Guard {
        private Completions spare;
        private volatile boolean spareTaken;

        /**
         * Takes the spare instance, or a fresh one when another thread holds it. Call under the connection's lock.
         *
         * @return an empty instance owned by the caller
         */
        final Completions claim() {
            if (spareTaken) {
                return new Completions(this);
            }
            if (spare == null) {
                spare = new Completions(this);
            }
            spareTaken = true;
            return spare;
        }

        private void release(Completions completions) {
            if (completions == spare) {
                spareTaken = false;
            }
        }
    }
}
