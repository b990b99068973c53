package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline: the suite asserts that things happen, never how fast. */
final class Await {
    private Await() {
    }

    /**
     * Polls until the condition holds.
     *
     * @param within the longest wait
     * @param condition the condition
     * @param what describes the failure
     */
    static void until(Duration within, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Not within " + within + ": " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
