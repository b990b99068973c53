package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** What other threads hand a confined connection: taken in order, in batches, and refused once it ended. */
class InboxTest {
    private final Inbox inbox = new Inbox();
    private final List<Object> taken = new ArrayList<>();

    @Test
    void itemsAreTakenInTheOrderTheyWereHandedOver() {
        for (int i = 0; i < 10; i++) {
            assertTrue(inbox.put(i));
        }
        assertTrue(inbox.hasItems());
        inbox.takeAll(taken::add);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), taken);
        assertFalse(inbox.hasItems());
        inbox.takeAll(taken::add);
        assertEquals(10, taken.size(), "a batch was taken twice");
    }

    @Test
    void itemHandedOverWhileABatchIsTakenWaitsForTheNextBatch() {
        inbox.put("first");
        inbox.takeAll(item -> {
            taken.add(item);
            inbox.put("during");
        });
        assertEquals(List.of("first"), taken);
        assertTrue(inbox.hasItems());
        inbox.takeAll(taken::add);
        assertEquals(List.of("first", "during"), taken);
    }

    @Test
    void closingHandsWhatWaitsToBeFailedAndRefusesTheRest() {
        inbox.put("waiting");
        inbox.close(taken::add);
        assertEquals(List.of("waiting"), taken);
        assertFalse(inbox.put("late"), "an ended inbox took an item nobody will take");
        inbox.takeAll(taken::add);
        assertEquals(List.of("waiting"), taken);
    }

    @Test
    void eachThreadsItemsKeepTheirOrderAmongOtherThreads() throws Exception {
        int perThread = 20_000;
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            producers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < perThread; i++) {
                    inbox.put(new long[] {thread, i});
                }
            }));
        }
        int[] next = new int[3];
        int total = 0;
        while (total < 3 * perThread) {
            List<Object> batch = new ArrayList<>();
            inbox.takeAll(batch::add);
            for (Object item : batch) {
                long[] pair = (long[]) item;
                assertEquals(next[(int) pair[0]]++, pair[1], "out of order for thread " + pair[0]);
            }
            total += batch.size();
            if (batch.isEmpty()) {
                Thread.onSpinWait();
            }
        }
        for (CompletableFuture<Void> producer : producers) {
            producer.get();
        }
        assertEquals(List.of(perThread, perThread, perThread), List.of(next[0], next[1], next[2]));
    }

    @Test
    void arrayGrownByABurstIsLetGoOnceItsBatchIsTaken() {
        for (int i = 0; i < 1_000; i++) {
            inbox.put(i);
        }
        inbox.takeAll(taken::add);
        assertEquals(1_000, taken.size());
        assertTrue(inbox.capacity() <= 64, "kept " + inbox.capacity() + " slots after the burst");
        for (int i = 0; i < 10; i++) {
            inbox.put(i);
        }
        inbox.takeAll(taken::add);
        assertEquals(1_010, taken.size());
    }

    @Test
    void sharedClosedInboxRefusesEveryItem() {
        assertFalse(Inbox.CLOSED.put("late"));
        assertFalse(Inbox.CLOSED.hasItems());
    }
}
