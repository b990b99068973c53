package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A server connection as a whole (its {@link Session}, {@link Outbox} and other parts together), driven by hand:
 * a fake transport channel and a manual clock, so that every timeout is reached by moving the clock, not by
 * waiting, and every step happens on the test's thread.
 */
class ConnectionTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void handshakeThatDoesNotCompleteIsAbortedAtItsDeadline() {
        DrivenServer server = new DrivenServer(config -> config.handshakeTimeout(HANDSHAKE_TIMEOUT));
        server.connection.onConnected(server.channel);
        long deadline = server.clock.nanoTime() + HANDSHAKE_TIMEOUT.toNanos();
        assertEquals(deadline, server.channel.timerDeadline);

        server.clock.advance(HANDSHAKE_TIMEOUT.minusNanos(1));
        server.connection.onTimer(server.clock.nanoTime());
        assertEquals(List.of(), server.channel.requests, "aborted before the deadline");
        assertEquals(ReadyState.CONNECTING, server.connection.readyState());

        server.fireTimer();
        assertEquals(List.of("abort"), server.channel.requests);
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
    }

    @Test
    void opensAndEchoesOnTheCallingThread() {
        DrivenServer server = new DrivenServer(config -> config, new Echo()).open();
        assertEquals(ReadyState.OPEN, server.connection.readyState());
        // the write-stall check of the 101's write fires once, finds nothing waiting, and no deadline is left
        server.fireTimer();
        assertEquals(List.of(), server.channel.requests);
        assertEquals(Long.MAX_VALUE, server.channel.timerDeadline, "a deadline without ping or idle timeouts");

        server.receiveText("hello");
        assertTrue(server.channel.writeRequested, "the echo asked for a write");
        assertEquals(List.of("TEXT hello"), server.write());
        assertEquals(List.of("open", "text hello"), server.events);
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void sendCompletesWhenItsBytesAreFlushedNotWhenProduced() throws Exception {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> sent = server.connection.sendText("queued");
        assertEquals(6, server.connection.bufferedAmount());

        assertEquals(List.of("TEXT queued"), DrivenServer.describe(server.produce()));
        assertFalse(sent.isDone(), "completed before the transport flushed it");
        server.connection.onOutputFlushed();
        assertTrue(sent.isDone());
        sent.get();
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void closeAskedWhileMessagesWaitIsClosingAtOnceAndGoesAfterThem() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.connection.sendText("first");
        server.connection.close(1000, "bye");
        assertEquals(ReadyState.CLOSING, server.connection.readyState(), "the browser says CLOSING at once");
        assertFalse(server.connection.offerText("late"), "a send after close() is refused");

        assertEquals(List.of("TEXT first", "CLOSE 1000 bye"), server.write());
        server.receiveClose(1000, "bye");
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
        assertEquals(List.of("close"), server.channel.requests, "the server closes the TCP connection first");
        assertEquals(List.of("open", "close 1000 bye clean=true"), server.events);
    }

    @Test
    void closeHandshakeWithoutAReplyEndsAtTheCloseTimeout() {
        Duration closeTimeout = Duration.ofSeconds(3);
        DrivenServer server = new DrivenServer(config -> config.engine(
            EngineConfig.builder().closeTimeout(closeTimeout).build())).open();
        server.connection.close(1000, "bye");
        assertEquals(List.of("CLOSE 1000 bye"), server.write());
        long closeSentAt = server.clock.nanoTime();
        assertEquals(closeSentAt + closeTimeout.toNanos(), server.channel.timerDeadline);

        server.clock.advance(closeTimeout.minusNanos(1));
        server.connection.onTimer(server.clock.nanoTime());
        assertEquals(List.of(), server.channel.requests, "closed before the close timeout");

        server.fireTimer();
        assertEquals(List.of("close"), server.channel.requests);
        server.connection.onClosed(null);
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
        assertEquals("close 1006 Close handshake timed out clean=false", server.events.get(server.events.size() - 1));
    }

    @Test
    void pingGoesOutAtThePingIntervalAndAMissingPongEndsTheConnection() {
        Duration interval = Duration.ofSeconds(20);
        Duration pongTimeout = Duration.ofSeconds(4);
        DrivenServer server = new DrivenServer(config -> config.engine(
            EngineConfig.builder().pingInterval(interval).pongTimeout(pongTimeout).build())).open();
        long openedAt = server.clock.nanoTime();
        assertEquals(openedAt + interval.toNanos(), server.channel.timerDeadline);

        server.fireTimer();
        assertTrue(server.channel.writeRequested, "the Ping asked for a write");
        assertEquals(List.of("PING"), server.write());
        assertEquals(openedAt + interval.toNanos() + pongTimeout.toNanos(), server.channel.timerDeadline);

        server.fireTimer();
        List<String> afterTimeout = server.write();
        assertTrue(afterTimeout.isEmpty() || afterTimeout.get(0).startsWith("CLOSE 1011")
            || afterTimeout.get(0).startsWith("CLOSE 1002") || afterTimeout.get(0).startsWith("CLOSE 1001"),
            afterTimeout::toString);
        assertFalse(server.channel.requests.isEmpty() && afterTimeout.isEmpty(),
            "a missing Pong neither closed the connection nor sent a Close");
    }

    @Test
    void outputThatMakesNoProgressForTheWriteStallTimeoutAbortsTheConnection() {
        Duration stall = Duration.ofSeconds(2);
        DrivenServer server = new DrivenServer(config -> config.writeStallTimeout(stall)).open();
        server.connection.offerText("x".repeat(100));
        server.produce(10);
        server.clock.advance(Duration.ofMillis(500));
        server.produce(10);
        long lastProgress = server.clock.nanoTime();

        server.clock.advanceTo(lastProgress + stall.toNanos() - 1);
        server.connection.onTimer(server.clock.nanoTime());
        assertEquals(List.of(), server.channel.requests, "aborted while within the write-stall timeout");

        server.fireTimer();
        assertEquals(List.of("abort"), server.channel.requests);
        assertTrue(server.events.get(server.events.size() - 1).startsWith("error Write stalled"), server.events::toString);
    }

    @Test
    void sendsWithoutAFutureAreRefusedWhenTheQueueIsFullAndTheOverflowPolicyApplies() {
        DrivenServer server = new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(50, 100).withMaxBuffered(100).withOverflow(Backpressure.Overflow.CLOSE_1008))).open();
        assertTrue(server.connection.offerBinary(ByteBuffer.allocate(80)));
        assertFalse(server.connection.offerBinary(ByteBuffer.allocate(30)), "accepted past the queue's limit");
        assertEquals(ReadyState.CLOSING, server.connection.readyState(), "CLOSE_1008 started the close handshake");

        List<String> frames = server.write();
        assertEquals("CLOSE 1008 Send buffer full", frames.get(frames.size() - 1), frames::toString);
    }

    @Test
    void sendsWithAFutureFailWhenTheConnectionIsNotOpen() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.connection.close();
        CompletableFuture<Void> late = server.connection.sendText("late");
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, late::get);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("WebSocket is CLOSING", failure.getCause().getMessage());
    }

    @Test
    void theTransportEndingFailsTheSendsStillQueued() {
        DrivenServer server = new DrivenServer(config -> config).open();
        CompletableFuture<Void> queued = server.connection.sendText("never written");
        server.connection.onClosed(null);
        assertTrue(queued.isCompletedExceptionally());
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
        assertTrue(server.events.get(server.events.size() - 1).startsWith("close 1006 "), server.events::toString);
    }

    @Test
    void fragmentsLeaveTheBufferedAmountOnceWritten() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.connection.sendText("Hel", false);
        server.connection.sendText("lo", true);
        server.connection.sendBinary(ByteBuffer.allocate(10), true);
        assertEquals(15, server.connection.bufferedAmount());
        server.write();
        assertEquals(0, server.connection.bufferedAmount(), "framed fragments still counted as buffered");
    }

    @Test
    void receivedCloseIsAnsweredAndTheReadyStateFollowsTheEngine() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.receiveClose(4000, "done");
        assertEquals(List.of("CLOSE 4000 done"), server.write());
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
        assertEquals("close 4000 done clean=true", server.events.get(server.events.size() - 1));
        assertEquals(Opcode.CLOSE, Opcode.lookup(0x8));
    }

    /** Echoes text through the send without a future. */
    private static final class Echo implements WebSocket.Listener {
        @Override
        public void onText(WebSocket socket, String text) {
            socket.offerText(text);
        }
    }
}
