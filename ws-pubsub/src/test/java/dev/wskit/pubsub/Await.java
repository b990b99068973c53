package dev.wskit.pubsub;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a generous deadline: the tests assert that things happen, never how fast. */
public final class Await {
    private Await() {
    }

    /**
     * Polls until the condition holds.
     *
     * @param condition the condition
     * @param what describes the failure
     */
    public static void until(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        Duration within = Duration.ofSeconds(60);
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Not within " + within + ": " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
