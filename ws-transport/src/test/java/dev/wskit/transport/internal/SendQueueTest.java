package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The send queue's accounting of the sends in the engine: futures completed at the flush after the engine
 * reported their last byte written, in order, failed when the engine drops them or the transport ends; Pings
 * bounded by bytes only; broadcasts without an entry per delivery: prepared messages offered without a future
 * queued as themselves through one carrier entry that forgets them, in order however many wait; entries of whole
 * messages reused once their send completed or failed, never while queued, holding on to no message meanwhile,
 * and no more kept than a burst needs.
 */
class SendQueueTest {
    private static final PreparedMessage HELLO = PreparedMessage.text("hello");

    @Test
    void offersOfPreparedMessagesShareOneCarrierEntryThatForgetsThemOnceWritten() {
        DrivenServer server = new DrivenServer(config -> config).open();
        SendQueue sends = server.connection.sends;
        Outgoing.Encoded carrier = sends.encoded(HELLO, null);
        sends.release(carrier);
        assertNull(carrier.message(), "a released carrier holds no message");

        assertTrue(server.connection.offer(HELLO));
        assertTrue(server.connection.offer(PreparedMessage.text("again")));
        assertEquals(10, server.connection.bufferedAmount());
        assertSame(carrier, sends.encoded(HELLO, null), "every offer takes the same carrier");
        sends.release(carrier);

        assertEquals(List.of("TEXT hello", "TEXT again"), server.write());
        assertEquals(0, server.connection.bufferedAmount());
        assertNull(carrier.message(), "the carrier holds on to no written message");
    }

    @Test
    void burstOfAThousandOffersQueuedBeforeAWriteGoesOutWholeAndInOrder() {
        DrivenServer server = new DrivenServer(config -> config).open();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(server.connection.offer(PreparedMessage.text("m" + i)));
            expected.add("TEXT m" + i);
        }
        assertEquals(expected, server.write());
        assertEquals(0, server.connection.bufferedAmount());

        assertTrue(server.connection.offer(HELLO));
        assertEquals(List.of("TEXT hello"), server.write(), "the queue goes on after wrapping around");
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
        DrivenServer server = new DrivenServer(config -> config).open();
        SendQueue queue = server.connection.sends;
        Outgoing.Data entry = queue.data(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'h', 'i'}), true);
        assertTrue(queue.add(entry));
        server.connection.onClosed(null);
        assertTrue(entry.isSpare(), "a spare entry still holds its payload");
        assertEquals(1, queue.spareDataCount());

        assertSame(entry, queue.data(Opcode.BINARY, ByteBuffer.allocate(7), false));
        assertEquals(Opcode.BINARY, entry.type());
        assertEquals(7, entry.size());
        assertEquals(0, queue.spareDataCount());
    }

    @Test
    void preparedSendWithAFutureCompletesOnceWritten() {
        DrivenServer server = new DrivenServer(config -> config).open();
        assertTrue(server.connection.offer(HELLO));
        CompletableFuture<Void> sent = server.connection.send(HELLO);
        server.produce();
        assertFalse(sent.isDone(), "completed before the write was flushed");
        server.connection.onOutputFlushed();
        assertTrue(sent.isDone() && !sent.isCompletedExceptionally());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void preparedMessageRefusedByAFullQueueLeavesNothingBehind() {
        DrivenServer server = new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(2, 4).withMaxBuffered(4))).open();
        assertFalse(server.connection.offer(HELLO), "5 bytes accepted past a limit of 4");
        assertEquals(ReadyState.OPEN, server.connection.readyState(), "FAIL_SEND closed the connection");
        assertEquals(0, server.connection.bufferedAmount());
        Outgoing.Encoded carrier = server.connection.sends.encoded(HELLO, null);
        server.connection.sends.release(carrier);
        assertEquals(List.of(), server.write());
    }

    @Test
    void sendsThatFailWhenTheTransportEndsLeaveNothingBehind() {
        DrivenServer server = new DrivenServer(config -> config).open();
        SendQueue queue = server.connection.sends;
        Outgoing.Encoded first = queue.encoded(HELLO, null);
        assertTrue(queue.add(first));
        CompletableFuture<Void> done = new CompletableFuture<>();
        Outgoing.Encoded second = queue.encoded(HELLO, done);
        assertNotSame(first, second, "a send with a future has an entry of its own");
        assertTrue(queue.add(second));
        assertEquals(10, queue.bufferedAmount());

        server.connection.onClosed(new IOException("Connection reset"));

        assertTrue(done.isCompletedExceptionally());
        assertEquals(0, queue.bufferedAmount());
        assertNull(first.message(), "the carrier holds on to no failed message");
    }

    @Test
    void sendsWrittenButNotYetFlushedFailWhenTheTransportEnds() {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> written = server.connection.sendText("written");
        CompletableFuture<Void> queued = server.connection.sendText("queued");
        server.produce(9);
        assertFalse(written.isDone(), "completed before the flush");

        server.connection.onClosed(null);

        assertTrue(written.isCompletedExceptionally(), "a write never flushed succeeded");
        assertTrue(queued.isCompletedExceptionally());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void sendsCompleteAtTheFlushAfterTheirLastByteIsProducedInOrder() {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> first = server.connection.sendText("first");
        CompletableFuture<Void> ping = server.connection.ping(ByteBuffer.wrap(new byte[] {1}));
        CompletableFuture<Void> second = server.connection.sendText("second");
        assertEquals(12, server.connection.bufferedAmount());

        // the Ping goes ahead of the data not begun: its 3 bytes, then "first" in part
        server.produce(5);
        server.connection.onOutputFlushed();
        assertTrue(ping.isDone() && !ping.isCompletedExceptionally(), "the Ping was written whole");
        assertFalse(first.isDone(), "completed with its frame written in part");
        assertEquals(11, server.connection.bufferedAmount());

        server.produce(9);
        assertFalse(first.isDone(), "completed before the flush");
        server.connection.onOutputFlushed();
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertFalse(second.isDone());
        assertEquals(6, server.connection.bufferedAmount());

        server.produce();
        server.connection.onOutputFlushed();
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void pingsAreBoundedByBytesNotByCount() {
        DrivenServer server = new DrivenServer(config -> config).open();
        List<CompletableFuture<Void>> pings = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pings.add(server.connection.ping(ByteBuffer.allocate(0)));
            expected.add("PING");
        }
        assertEquals(expected, server.write());
        assertTrue(pings.stream().allMatch(ping -> ping.isDone() && !ping.isCompletedExceptionally()));
    }

    @Test
    void sendTheEngineRefusesFailsItsFutureAndLeavesNothingBuffered() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.connection.sendText("Hel", false);
        CompletableFuture<Void> whole = server.connection.sendText("interleaved");
        ExecutionException failure = assertThrows(ExecutionException.class, whole::get);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(3, server.connection.bufferedAmount());
        assertEquals(ReadyState.OPEN, server.connection.readyState());
    }

    @Test
    void sendsDroppedByAnOverflowThatClosesLeaveNothingBehind() {
        DrivenServer server = new DrivenServer(config -> config).open();
        SendQueue queue = server.connection.sends;
        assertTrue(queue.add(queue.encoded(HELLO, null)));
        assertTrue(queue.add(queue.data(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'h', 'i'}), true)));
        Completions completions = new Completions.Pool().claim();
        queue.dropWaiting(new IllegalStateException("Send buffer full"), completions);
        completions.runAndRelease();
        assertEquals(1, queue.spareDataCount());
        assertEquals(0, queue.bufferedAmount());
        assertEquals(List.of(), server.write(), "a dropped send was written");
    }

    @Test
    void overflowThatClosesLetsTheMessageInProgressEndBeforeTheClose() {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> begun = server.connection.sendText("begun");
        CompletableFuture<Void> waiting = server.connection.sendText("waiting");
        ByteBuffer start = server.produce(3);
        Completions completions = new Completions.Pool().claim();
        server.connection.sends.dropWaiting(new IllegalStateException("Send buffer full"), completions);
        completions.runAndRelease();
        assertTrue(waiting.isCompletedExceptionally());
        server.connection.close(4000, "Send buffer full");
        ByteBuffer rest = server.produce();
        server.connection.onOutputFlushed();
        ByteBuffer all = ByteBuffer.allocate(start.remaining() + rest.remaining()).put(start).put(rest).flip();
        assertEquals(List.of("TEXT begun", "CLOSE 4000 Send buffer full"), DrivenServer.describe(all));
        assertTrue(begun.isDone() && !begun.isCompletedExceptionally());
    }

    @Test
    void noMoreSparesAreKeptThanABurstNeeds() {
        DrivenServer server = new DrivenServer(config -> config).open();
        SendQueue queue = server.connection.sends;
        List<Outgoing.Data> burst = new ArrayList<>();
        for (int i = 0; i < SendQueue.MAX_SPARES + 5; i++) {
            Outgoing.Data entry = queue.data(Opcode.BINARY, ByteBuffer.allocate(1), true);
            burst.add(entry);
            assertTrue(queue.add(entry));
        }
        server.connection.onClosed(null);
        assertEquals(SendQueue.MAX_SPARES, queue.spareDataCount());
        assertFalse(burst.get(burst.size() - 1).isSpare(), "an entry past the limit was kept");
    }
}
