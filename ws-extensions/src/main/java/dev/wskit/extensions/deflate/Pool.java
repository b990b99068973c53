package dev.wskit.extensions.deflate;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded, lock-free pool of reusable zlib streams shared by the connections of
 * one {@link PerMessageDeflate}. Borrowing from an empty pool creates an object; releasing into a full pool
 * discards it, so the pool never holds more than its capacity, however many connections there are.
 *
 * <p>Thread-safe: connections borrow and release from many threads at once.
 *
 * @param <T> the pooled type
 */
final class Pool<T> {
    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;
    private final Consumer<T> recycle;
    private final Consumer<T> discard;
    private final AtomicLong created = new AtomicLong();
    private volatile boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param capacity the most idle objects kept, 0 for none
     * @param factory makes a new object when the pool is empty
     * @param recycle makes a released object ready for its next borrower
     * @param discard releases an object the pool does not keep
     */
    Pool(int capacity, Supplier<T> factory, Consumer<T> recycle, Consumer<T> discard) {
        this.slots = new AtomicReferenceArray<>(capacity);
        this.factory = factory;
        this.recycle = recycle;
        this.discard = discard;
    }

    T borrow() {
        int capacity = slots.length();
        int index = start(capacity);
        for (int i = 0; i < capacity; i++) {
            T item = slots.getPlain(index);
            if (item != null && slots.compareAndSet(index, item, null)) {
                return item;
            }
            index = index + 1 == capacity ? 0 : index + 1;
        }
        created.incrementAndGet();
        return factory.get();
    }

    void release(T item) {
        recycle.accept(item);
        int capacity = slots.length();
        int index = start(capacity);
        for (int i = 0; i < capacity && !closed; i++) {
            if (slots.getPlain(index) == null && slots.compareAndSet(index, null, item)) {
                if (closed && slots.compareAndSet(index, item, null)) {
                    discard.accept(item);
                }
                return;
            }
            index = index + 1 == capacity ? 0 : index + 1;
        }
        discard.accept(item);
    }

    /** Discards the idle objects; objects released later are discarded at once. */
    void close() {
        closed = true;
        for (int i = 0; i < slots.length(); i++) {
            T item = slots.getAndSet(i, null);
            if (item != null) {
                discard.accept(item);
            }
        }
    }

    int idle() {
        int idle = 0;
        for (int i = 0; i < slots.length(); i++) {
            idle += slots.get(i) == null ? 0 : 1;
        }
        return idle;
    }

    long created() {
        return created.get();
    }

    /**
     * Returns the slot a thread starts from, spreading threads over the slots. Multiplies instead of
     * dividing: a division would cost more than the rest of a borrow.
     */
    static int start(int capacity) {
        long hash = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        return (int) (((hash >>> 32) * capacity) >>> 32);
    }
}
