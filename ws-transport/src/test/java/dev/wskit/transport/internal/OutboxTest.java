package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.Backpressure;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The application's sends on their way into the send queue, driven through a {@link DrivenServer}. */
class OutboxTest {

    @Test
    void sendsDuringTheHandshakeFailWithTheReadyStateNamed() {
        DrivenServer server = new DrivenServer(config -> config);
        server.connection.onConnected(server.channel);
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> server.connection.sendText("early").get());
        assertEquals("WebSocket is CONNECTING", failure.getCause().getMessage());
        assertFalse(server.connection.offerText("early"));
        assertTrue(server.connection.ping(ByteBuffer.allocate(0)).isCompletedExceptionally());
        assertEquals(0, server.connection.bufferedAmount());
    }

    @Test
    void closeDuringTheHandshakeAbortsTheConnection() {
        DrivenServer server = new DrivenServer(config -> config);
        server.connection.onConnected(server.channel);
        server.connection.close(1000, "never mind");
        assertEquals(List.of("abort"), server.channel.requests);
    }

    @Test
    void overflowUnderTheClose1013PolicyFailsTheSendAndClosesWithTryAgainLater() {
        DrivenServer server = new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(50, 100).withMaxBuffered(100).withOverflow(Backpressure.Overflow.CLOSE_1013))).open();
        CompletableFuture<Void> first = server.connection.sendBinary(ByteBuffer.allocate(80));
        CompletableFuture<Void> refused = server.connection.sendBinary(ByteBuffer.allocate(30));

        ExecutionException failure = assertThrows(ExecutionException.class, refused::get);
        IllegalStateException full = assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals("Send buffer full: 80 bytes queued, message of 30 refused", full.getMessage());
        List<String> frames = server.write();
        // RFC 6455 §7.4.1: 1013, try again later
        assertEquals("CLOSE 1013 Send buffer full", frames.get(frames.size() - 1), frames::toString);
        assertTrue(first.isDone());
        assertTrue(server.events.contains("error " + full.getMessage()), server.events::toString);
    }

    @Test
    void overflowUnderTheFailSendPolicyKeepsTheConnectionOpen() {
        DrivenServer server = new DrivenServer(config -> config.backpressure(Backpressure.defaults()
            .withWatermarks(50, 100).withMaxBuffered(100))).open();
        assertTrue(server.connection.offerBinary(ByteBuffer.allocate(80)));
        assertTrue(server.connection.sendBinary(ByteBuffer.allocate(30)).isCompletedExceptionally());
        assertEquals(List.of("BINARY"), server.write());
        assertTrue(server.connection.offerText("after"));
    }
}
