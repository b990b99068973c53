package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's deadlines, alone: select timeouts, firing order, and deadlines scheduled while firing. */
class DeadlineQueueTest {
    private static final long MS = 1_000_000;

    private final DeadlineQueue deadlines = new DeadlineQueue();
    private final List<String> fired = new ArrayList<>();

    @Test
    void withoutDeadlinesSelectWaitsWithoutLimit() {
        assertEquals(-1, deadlines.timeoutMillis(0));
    }

    @Test
    void selectWaitsUntilTheEarliestDeadlineRoundedUpToAWholeMillisecond() {
        deadlines.schedule(named("late"), 50 * MS);
        deadlines.schedule(named("early"), 10 * MS + 1);
        assertEquals(11, deadlines.timeoutMillis(0));
        assertEquals(1, deadlines.timeoutMillis(10 * MS));
        assertEquals(0, deadlines.timeoutMillis(10 * MS + 1));
    }

    @Test
    void dueDeadlinesFireEarliestFirstAndLaterOnesWait() {
        deadlines.schedule(named("third"), 30 * MS);
        deadlines.schedule(named("first"), 10 * MS);
        deadlines.schedule(named("second"), 20 * MS);
        deadlines.fireDue(20 * MS);
        assertEquals(List.of("first at 10", "second at 20"), fired);
        deadlines.fireDue(30 * MS);
        assertEquals(List.of("first at 10", "second at 20", "third at 30"), fired);
    }

    @Test
    void deadlineScheduledWhileFiringFiresNextTurnEvenWhenAlreadyDue() {
        deadlines.schedule(new EventLoop.Timed() {
            @Override
            public void onDeadline(long deadline, long nowNanos) {
                fired.add("again");
                deadlines.schedule(this, deadline);
            }
        }, 10 * MS);
        deadlines.fireDue(20 * MS);
        assertEquals(List.of("again"), fired);
        deadlines.fireDue(20 * MS);
        assertEquals(List.of("again", "again"), fired);
    }

    private EventLoop.Timed named(String name) {
        return (deadline, nowNanos) -> fired.add(name + " at " + deadline / MS);
    }
}
