package dev.wskit.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.OutboundQueue.Entry;
import dev.wskit.codec.engine.OutboundQueue.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring of queued messages: oldest first across growth and wrap-around, entries reused once polled and
 * holding on to no payload meanwhile, drops reported oldest first.
 */
class OutboundQueueTest {
    private final List<Object> dropped = new ArrayList<>();
    private final SendListener sink = new SendListener() {
        @Override
        public void onWritten(Object token) {
            throw new AssertionError("a queue reports nothing as written");
        }

        @Override
        public void onDropped(Object token) {
            dropped.add(token);
        }
    };

    @Test
    void entriesComeOutOldestFirstAcrossGrowthAndWrapAround() {
        OutboundQueue queue = new OutboundQueue();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < round; i++) {
                queue.add(Kind.DATA, round * 1000 + i);
            }
            if (round > 0) {
                assertEquals(round * 1000 + round - 1, queue.peekLast().token);
            }
            for (int i = 0; i < round; i++) {
                assertEquals(round * 1000 + i, queue.poll());
                next++;
            }
            assertTrue(queue.isEmpty());
        }
        assertEquals(1225, next);
    }

    @Test
    void polledEntriesAreReusedAndForgetTheirPayload() {
        OutboundQueue queue = new OutboundQueue();
        Entry first = queue.add(Kind.DATA, "a");
        first.payload = ByteBuffer.allocate(1);
        Entry second = queue.add(Kind.CONTROL, "b");
        assertEquals("a", queue.poll());
        assertNull(first.payload, "a polled entry holds on to its payload");
        assertNull(first.token);
        assertEquals("b", queue.poll());

        assertSame(first, queue.add(Kind.ENCODED, "c"));
        assertSame(second, queue.add(Kind.DATA, "d"));
        assertEquals(Kind.ENCODED, queue.peek().kind);
    }

    @Test
    void droppingKeepsTheOldestAndReportsTheRestOldestFirstWithTheirBytes() {
        OutboundQueue queue = new OutboundQueue();
        for (int i = 0; i < 5; i++) {
            queue.add(Kind.DATA, i == 3 ? null : i).size = 10;
        }
        assertEquals(40, queue.dropAfter(1, sink));
        assertEquals(List.of(1, 2, 4), dropped, "a null token is not reported");
        assertSame(queue.peek(), queue.peekLast());
        assertEquals(0, queue.poll());
        assertTrue(queue.isEmpty());
        assertNull(queue.peek());
    }

    @Test
    void largeRingIsLetGoOnceDrainedAndStartsAgain() {
        OutboundQueue queue = new OutboundQueue();
        for (int i = 0; i < 1000; i++) {
            queue.add(Kind.DATA, i);
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, queue.poll());
        }
        queue.add(Kind.DATA, "after");
        assertEquals("after", queue.poll());
        assertTrue(queue.isEmpty());
    }
}
