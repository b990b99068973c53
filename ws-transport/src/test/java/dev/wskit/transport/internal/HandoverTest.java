package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.Backpressure;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A connection confined to its transport's serving thread (the test's thread, as an event loop's would be):
 * other threads' sends are checked and refused at once, or handed over and queued, in order, when the serving
 * thread runs the handed-over work; the serving thread's own sends go straight in.
 */
class HandoverTest {
    private static final String NINETY = "x".repeat(90);

    @Test
    void sendsFromAnotherThreadAreQueuedInOrderWhenTheServingThreadTakesThem() {
        DrivenServer server = confined(new DrivenServer(config -> config));
        CompletableFuture<Void> first = elsewhere(() -> {
            CompletableFuture<Void> sent = server.connection.sendText("a");
            server.connection.offerText("b");
            server.connection.close(1000, "bye");
            return sent;
        });
        assertEquals(ReadyState.CLOSING, server.connection.readyState(), "the browser says CLOSING at once");
        assertEquals(2, server.connection.bufferedAmount(), "the bytes handed over are buffered at once");
        assertTrue(server.channel.wakes.get() > 0, "the serving thread was not woken");
        assertFalse(server.channel.writeRequested, "another thread acted on the transport");

        server.channel.handlerWork.run();
        assertTrue(server.channel.writeRequested);
        assertFalse(first.isDone(), "completed before the transport flushed it");
        assertEquals(List.of("TEXT a", "TEXT b", "CLOSE 1000 bye"), server.write());
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void servingThreadsOwnSendsGoStraightIn() {
        DrivenServer server = confined(new DrivenServer(config -> config));
        server.connection.sendText("own");
        assertEquals(0, server.channel.wakes.get());
        assertTrue(server.channel.writeRequested);
        assertEquals(List.of("TEXT own"), server.write());
    }

    @Test
    void sendOverTheLimitFromAnotherThreadIsRefusedAtOnceAndTheServingThreadClosesWith1008() {
        DrivenServer server = confined(new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(50, 100).withMaxBuffered(100).withOverflow(Backpressure.Overflow.CLOSE_1008))));
        boolean[] offered = elsewhere(() -> new boolean[] {
            server.connection.offerText(NINETY), server.connection.offerText("twenty characters..."),
            server.connection.offerText("after")});
        assertTrue(offered[0]);
        assertFalse(offered[1], "the send over the limit was taken");
        assertFalse(offered[2], "a send after the overflow's Close was taken");
        assertEquals(ReadyState.CLOSING, server.connection.readyState());
        assertEquals(90, server.connection.bufferedAmount(), "the refused sends kept bytes reserved");

        server.channel.handlerWork.run();
        assertEquals(List.of("CLOSE 1008 Send buffer full"), server.write(), "the waiting send was not dropped");
        assertTrue(server.events.stream().anyMatch(event -> event.startsWith("error Send buffer full")),
            server.events::toString);
    }

    @Test
    void sendsHandedOverWhenTheTransportEndsFailAndLaterOnesAreRefused() {
        DrivenServer server = confined(new DrivenServer(config -> config));
        CompletableFuture<Void> late = elsewhere(() -> server.connection.sendText("late"));
        server.connection.onClosed(new IOException("reset"));

        CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
            late::join);
        assertInstanceOf(IOException.class, failed.getCause());
        assertEquals(0, server.connection.bufferedAmount(), "the failed send's bytes stayed buffered");
        CompletableFuture<Void> after = elsewhere(() -> server.connection.sendText("after"));
        assertTrue(after.isCompletedExceptionally());
        assertEquals(ReadyState.CLOSED, server.connection.readyState());
    }

    @Test
    void connectionThatEndedBeforeAnythingWasHandedOverRefusesLaterSends() {
        DrivenServer server = confined(new DrivenServer(config -> config));
        server.connection.onClosed(null);
        CompletableFuture<Void> after = elsewhere(() -> server.connection.sendText("after"));
        assertTrue(after.isCompletedExceptionally());
        assertFalse(elsewhere(() -> server.connection.offerText("offered")));
        assertEquals(0, server.connection.bufferedAmount());
    }

    private static DrivenServer confined(DrivenServer server) {
        server.channel.confines = true;
        return server.open();
    }

    /** Runs a step on a thread other than the serving one, and waits for it. */
    private static <T> T elsewhere(Supplier<T> step) {
        return CompletableFuture.supplyAsync(step).join();
    }
}
