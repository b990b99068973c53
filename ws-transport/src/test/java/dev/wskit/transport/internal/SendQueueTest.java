package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The send queue's reuse of the entries of prepared and whole messages: taken again once their send completed or
 * failed, never while queued, holding on to no message meanwhile, and no more kept than a burst needs.
 */
class SendQueueTest {
    private static final PreparedMessage HELLO = PreparedMessage.text("hello");

    @Test
    void entryOfAWrittenPreparedMessageIsReusedForTheNextOne() {
        DrivenServer server = new DrivenServer(config -> config).open();
        assertTrue(server.connection.offer(HELLO));
        assertTrue(server.connection.offer(HELLO));
        assertEquals(0, server.connection.sends.spareCount());

        assertEquals(List.of("TEXT hello", "TEXT hello"), server.write());
        assertEquals(2, server.connection.sends.spareCount(), "written entries kept for reuse");
        assertEquals(0, server.connection.bufferedAmount());

        assertTrue(server.connection.offer(PreparedMessage.text("again")));
        assertEquals(1, server.connection.sends.spareCount(), "a spare entry taken");
        assertEquals(List.of("TEXT again"), server.write());
        assertEquals(2, server.connection.sends.spareCount());
    }

    @Test
    void burstOfSixtyFourQueuedBeforeAWriteTakesOnlySpareEntriesTheNextTime() {
        DrivenServer server = new DrivenServer(config -> config).open();
        for (int i = 0; i < 64; i++) {
            assertTrue(server.connection.offer(HELLO));
        }
        assertEquals(64, server.write().size());
        assertEquals(64, server.connection.sends.spareCount(), "every entry of the burst kept for reuse");

        for (int i = 0; i < 64; i++) {
            assertTrue(server.connection.offer(HELLO));
        }
        assertEquals(0, server.connection.sends.spareCount(), "the second burst took the 64 spares, no new entry");
        assertEquals(64, server.write().size());
        assertEquals(64, server.connection.sends.spareCount());
    }

    @Test
    void entryOfAWrittenOfferedMessageIsReusedForTheNextOne() {
        DrivenServer server = new DrivenServer(config -> config).open();
        assertTrue(server.connection.offerText("one"));
        assertTrue(server.connection.offerBinary(ByteBuffer.allocate(3)));
        assertEquals(List.of("TEXT one", "BINARY"), server.write());
        assertEquals(2, server.connection.sends.spareDataCount());

        assertTrue(server.connection.offerText("two"));
        assertEquals(1, server.connection.sends.spareDataCount(), "a spare entry taken");
        assertEquals(3, server.connection.bufferedAmount(), "the reused entry's size is the new message's");
        assertEquals(List.of("TEXT two"), server.write());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void spareEntryOfAWholeMessageForgetsItsPayloadAndIsTakenAgain() {
        SendQueue queue = new SendQueue(Backpressure.defaults());
        Outgoing.Data entry = queue.data(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'h', 'i'}), true);
        assertTrue(queue.add(entry));
        Completions completions = new Completions.Pool().claim();
        queue.failAll(new IOException("Connection closed"), completions);
        completions.runAndRelease();
        assertTrue(entry.isSpare(), "a spare entry still holds its payload");
        assertEquals(1, queue.spareDataCount());

        assertSame(entry, queue.data(Opcode.BINARY, ByteBuffer.allocate(7), false));
        assertEquals(Opcode.BINARY, entry.type());
        assertEquals(7, entry.size());
        assertEquals(0, queue.spareDataCount());
    }

    @Test
    void preparedSendWithAFutureCompletesOnceWrittenAndItsEntryIsKept() {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> sent = server.connection.send(HELLO);
        server.produce();
        assertFalse(sent.isDone(), "completed before the write was flushed");
        server.connection.onOutputFlushed();
        assertTrue(sent.isDone() && !sent.isCompletedExceptionally());
        assertEquals(1, server.connection.sends.spareCount());
    }

    @Test
    void entryOfAPreparedMessageRefusedByAFullQueueIsKept() {
        DrivenServer server = new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(2, 4).withMaxBuffered(4))).open();
        assertFalse(server.connection.offer(HELLO), "5 bytes accepted past a limit of 4");
        assertEquals(ReadyState.OPEN, server.connection.readyState(), "FAIL_SEND closed the connection");
        assertEquals(1, server.connection.sends.spareCount());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void entriesOfSendsThatFailWhenTheTransportEndsAreKeptWithoutTheirMessage() {
        SendQueue queue = new SendQueue(Backpressure.defaults());
        Outgoing.Encoded first = queue.encoded(HELLO, null);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Outgoing.Encoded second = queue.encoded(HELLO, done);
        assertNotSame(first, second);
        assertTrue(queue.add(first));
        assertTrue(queue.add(second));

        IOException cause = new IOException("Connection closed");
        Completions completions = new Completions.Pool().claim();
        queue.failAll(cause, completions);
        completions.runAndRelease();

        assertTrue(done.isCompletedExceptionally());
        assertEquals(0, queue.bufferedAmount());
        assertEquals(2, queue.spareCount());
        assertTrue(first.isSpare() && second.isSpare(), "a spare entry still holds its message");
        assertSame(second, queue.encoded(HELLO, null), "the latest spare is taken first");
        assertSame(first, queue.encoded(HELLO, null));
        assertEquals(0, queue.spareCount());
    }

    @Test
    void entriesDroppedByAnOverflowThatClosesAreKept() {
        SendQueue queue = new SendQueue(Backpressure.defaults());
        assertTrue(queue.add(queue.encoded(HELLO, null)));
        Completions completions = new Completions.Pool().claim();
        queue.dropWaiting(new IllegalStateException("Send buffer full"), completions);
        completions.runAndRelease();
        assertEquals(1, queue.spareCount());
        assertEquals(0, queue.bufferedAmount());
    }

    @Test
    void noMoreSparesAreKeptThanABurstNeeds() {
        SendQueue queue = new SendQueue(Backpressure.defaults());
        List<Outgoing.Encoded> burst = new ArrayList<>();
        for (int i = 0; i < SendQueue.MAX_SPARES + 5; i++) {
            Outgoing.Encoded entry = queue.encoded(HELLO, null);
            burst.add(entry);
            assertTrue(queue.add(entry));
        }
        Completions completions = new Completions.Pool().claim();
        queue.failAll(new IOException("Connection closed"), completions);
        completions.runAndRelease();
        assertEquals(SendQueue.MAX_SPARES, queue.spareCount());
        assertFalse(burst.get(burst.size() - 1).isSpare(), "an entry past the limit was kept");
    }
}
