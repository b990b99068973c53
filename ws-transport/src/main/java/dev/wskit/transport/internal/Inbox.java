package dev.wskit.transport.internal;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What other threads hand a confined connection (one whose transport makes every call on one thread, an NIO
 * event loop): sends, Closes and the listener's "message handled", in the order each thread handed them over,
 * for the serving thread to take in one batch. The serving thread's own work never passes through here, and it
 * looks here only when something waits ({@link #hasItems}, a volatile read), so its read and write paths take no
 * lock while no other thread sends.
 *
 * <p>Other threads exclude one another, and the serving thread's batch swap, with a lock held for an array store,
 * never across a call out (a lock, not a monitor, so that a virtual thread handing over never pins its carrier on
 * JDK 21). The batch comes in a second array swapped with the first, so handing over allocates nothing once both
 * have grown to the burst a connection sees (up to {@value #RETAINED} items; a longer array is let go once its
 * batch is taken). Thread-safe.
 */
final class Inbox {
    private static final Object[] NONE = {};
    /** The inbox of every connection that ended before anything was handed over: refuses every item. */
    static final Inbox CLOSED = new Inbox(true);
    /** The longest array kept between batches; a longer one, grown by a burst, is let go once taken. */
    private static final int RETAINED = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private Object[] items = NONE;
    private Object[] taken = NONE;
    private int count;
    private boolean closed;
    private volatile boolean hasItems;

    /** Creates an empty inbox. */
    Inbox() {
        this(false);
    }

    private Inbox(boolean closed) {
        this.closed = closed;
    }

    /**
     * Hands an item over, unless the connection has ended.
     *
     * @param item the item
     * @return false when the connection has ended: nothing will take the item
     */
    boolean put(Object item) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (count == items.length) {
                items = Arrays.copyOf(items, Math.max(4, count * 2));
            }
            items[count++] = item;
            hasItems = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Tells whether items wait; cheap enough to ask on every turn of the serving thread. */
    boolean hasItems() {
        return hasItems;
    }

    /**
     * Takes every item waiting, in the order they were handed over. On the serving thread only; the array is
     * valid until the next call, and its slots past the count are {@code null}.
     *
     * @param sink receives the items
     */
    void takeAll(Sink sink) {
        Object[] batch;
        int size;
        lock.lock();
        try {
            batch = items;
            size = count;
            items = taken;
            taken = batch;
            count = 0;
            hasItems = false;
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < size; i++) {
            Object item = batch[i];
            batch[i] = null;
            sink.accept(item);
        }
        if (batch.length > RETAINED && taken == batch) {
            // a burst made it this long: an idle connection does not keep it
            taken = NONE;
        }
    }

    /** Returns the slots the inbox keeps now, in both of its arrays, for tests of its memory. */
    int capacity() {
        lock.lock();
        try {
            return items.length + taken.length;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the inbox: later items are refused, and those still waiting go to {@code sink} (to fail them).
     *
     * @param sink receives the items that will never be taken
     */
    void close(Sink sink) {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        takeAll(sink);
    }

    /** Receives the items of a batch. */
    interface Sink {
        /**
         * Takes one item.
         *
         * @param item the item, as handed over
         */
        void accept(Object item);
    }
}
