package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolTest {
    private final AtomicInteger recycled = new AtomicInteger();
    private final AtomicInteger discarded = new AtomicInteger();

    @Test
    void reusesWhatWasReleased() {
        Pool<Object> pool = pool(2);
        Object first = pool.borrow();
        pool.release(first);
        assertSame(first, pool.borrow());
        assertEquals(1, pool.created());
        assertEquals(1, recycled.get());
    }

    @Test
    void keepsNoMoreThanItsCapacity() {
        Pool<Object> pool = pool(2);
        List<Object> borrowed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            borrowed.add(pool.borrow());
        }
        borrowed.forEach(pool::release);
        assertEquals(2, pool.idle());
        assertEquals(3, discarded.get());
    }

    @Test
    void zeroCapacityDiscardsEverything() {
        Pool<Object> pool = pool(0);
        pool.release(pool.borrow());
        assertEquals(0, pool.idle());
        assertEquals(1, discarded.get());
    }

    @Test
    void closeDiscardsIdleAndLaterReleases() {
        Pool<Object> pool = pool(4);
        Object kept = pool.borrow();
        pool.release(pool.borrow());
        pool.close();
        assertEquals(1, discarded.get());
        pool.release(kept);
        assertEquals(2, discarded.get());
        assertEquals(0, pool.idle());
    }

    @Test
    void manyThreadsNeverShareAnObjectNorLoseOne() throws InterruptedException {
        Pool<AtomicInteger> pool = new Pool<>(4, AtomicInteger::new, item -> { }, item -> discarded.incrementAndGet());
        AtomicInteger clashes = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    AtomicInteger item = pool.borrow();
                    if (item.incrementAndGet() != 1) {
                        clashes.incrementAndGet();
                    }
                    item.decrementAndGet();
                    pool.release(item);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, clashes.get());
        assertEquals(pool.created(), pool.idle() + discarded.get());
        assertTrue(pool.idle() <= 4);
    }

    private Pool<Object> pool(int capacity) {
        return new Pool<>(capacity, Object::new, item -> recycled.incrementAndGet(),
            item -> discarded.incrementAndGet());
    }
}
