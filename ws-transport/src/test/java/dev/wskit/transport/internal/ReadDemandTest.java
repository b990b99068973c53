package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Receive-side backpressure alone: what the transport is told as undelivered bytes and pauses come and go. */
class ReadDemandTest {
    private static final long LIMIT = 100;

    private final FakeChannel channel = new FakeChannel();
    private final AtomicReference<FakeChannel> connected = new AtomicReference<>(channel);
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicLong undelivered = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final ReadDemand demand = new ReadDemand() {
        @Override
        ReentrantLock lock() {
            return lock;
        }

        @Override
        FakeChannel channel() {
            return connected.get();
        }

        @Override
        long maxUndelivered() {
            return LIMIT;
        }

        @Override
        boolean inputHeld() {
            return held.get();
        }

        @Override
        long undelivered() {
            return undelivered.get();
        }
    };

    @Test
    void readingPausesPastTheLimitAndResumesWhenHalfOfItIsLeft() {
        undelivered.set(LIMIT);
        demand.refresh();
        assertFalse(channel.readingPaused, "paused at the limit");
        undelivered.set(LIMIT + 1);
        demand.refresh();
        assertTrue(channel.readingPaused);

        undelivered.set(LIMIT / 2 + 1);
        demand.refresh();
        assertTrue(channel.readingPaused, "resumed before half of the limit was left");
        undelivered.set(LIMIT / 2);
        demand.refresh();
        assertFalse(channel.readingPaused);
    }

    @Test
    void applicationsPauseHoldsReadingWhateverIsUndelivered() {
        demand.pauseByApplication(true);
        demand.refresh();
        assertTrue(channel.readingPaused);
        demand.pauseByApplication(false);
        demand.refresh();
        assertFalse(channel.readingPaused);
    }

    @Test
    void bytesHeldForTheEnginePauseReading() {
        held.set(true);
        demand.refresh();
        assertTrue(channel.readingPaused);
        held.set(false);
        demand.refresh();
        assertFalse(channel.readingPaused);
    }

    @Test
    void pauseWantedBeforeTheTransportConnectedReachesItOnTheNextRefresh() {
        connected.set(null);
        demand.pauseByApplication(true);
        demand.refresh();
        connected.set(channel);
        demand.refresh();
        assertTrue(channel.readingPaused);
    }
}
