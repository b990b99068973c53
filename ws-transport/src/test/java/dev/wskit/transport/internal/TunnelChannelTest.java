package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The TLS tunnel as the client connection sees it, alone: a close is noted and written, not passed on. */
class TunnelChannelTest {
    private final FakeChannel proxy = new FakeChannel();
    private final TunnelChannel channel = new TunnelChannel(proxy);

    @Test
    void closeIsNotedAndAsksForAWriteInsteadOfClosingTheSocket() {
        channel.close();
        assertTrue(channel.isClosing());
        assertFalse(channel.isLingering());
        assertTrue(proxy.writeRequested, "close_notify must be written first");
        assertEquals(List.of(), proxy.requests);
    }

    @Test
    void lingeringCloseIsNotedAsBoth() {
        channel.closeLingering();
        assertTrue(channel.isClosing());
        assertTrue(channel.isLingering());
        assertEquals(List.of(), proxy.requests);
    }

    @Test
    void abortTimerAndPausesGoStraightToTheProxysChannel() {
        channel.abort();
        channel.scheduleTimer(42);
        channel.pauseReading(true);
        assertEquals(List.of("abort"), proxy.requests);
        assertEquals(42, proxy.timerDeadline);
        assertTrue(proxy.readingPaused);
        assertTrue(channel.isSecure());
        assertFalse(channel.isClosing());
    }
}
