package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The opening handshake's deadline and bytes, alone: its phase is a server's, which does nothing when started or
 * failed, so no connection is needed.
 */
class OpeningTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long START = -1_000_000_000_000L;

    private final Opening opening = new Opening(new ServerHandshakePhase(ServerConfig.builder()
        .endpoint("/chat", () -> new WebSocket.Listener() { }).build(), new ServerRegistry(1)), TIMEOUT);

    @Test
    void deadlineRunsFromTheConnectAndTimesOutOnce() {
        assertEquals(Long.MAX_VALUE, opening.deadline(), "a deadline before the transport connected");
        opening.start(null, START);
        assertEquals(START + TIMEOUT.toNanos(), opening.deadline());

        assertFalse(opening.timedOut(null, START + TIMEOUT.toNanos() - 1));
        assertFalse(opening.hasEnded());
        assertTrue(opening.timedOut(null, START + TIMEOUT.toNanos()));
        assertTrue(opening.hasEnded());
        assertFalse(opening.timedOut(null, START + 2 * TIMEOUT.toNanos()), "timed out twice");
    }

    @Test
    void openedHandshakeKeepsNoDeadline() {
        opening.start(null, START);
        opening.opened();
        assertEquals(Long.MAX_VALUE, opening.deadline());
        assertFalse(opening.timedOut(null, START + TIMEOUT.toNanos()));
    }

    @Test
    void handshakeBytesAreCopiedAsFarAsEachBufferHoldsThem() {
        opening.queueOutput(ascii("HTTP/1.1 101"), false);
        ByteBuffer first = ByteBuffer.allocate(5);
        opening.copyOutput(first);
        assertTrue(opening.hasOutput());
        ByteBuffer rest = ByteBuffer.allocate(64);
        opening.copyOutput(rest);
        assertFalse(opening.hasOutput());
        assertEquals("HTTP/", text(first.flip()));
        assertEquals("1.1 101", text(rest.flip()));
        assertFalse(opening.closesAfterOutput());
    }

    @Test
    void bytesAfterARejectionAreDroppedWithoutReachingThePhase() {
        opening.start(null, START);
        opening.queueOutput(ascii("HTTP/1.1 400 Bad Request\r\n\r\n"), true);
        assertTrue(opening.closesAfterOutput());
        ByteBuffer rest = ascii("GET / HTTP/1.1\r\n");
        // a null connection: the phase would fail on it if it were asked to parse
        opening.receive(null, rest);
        assertFalse(rest.hasRemaining());
    }

    @Test
    void endedHandshakeNoLongerTimesOut() {
        opening.start(null, START);
        opening.end();
        assertTrue(opening.hasEnded());
        assertFalse(opening.timedOut(null, START + TIMEOUT.toNanos()));
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.US_ASCII.decode(bytes).toString();
    }
}
