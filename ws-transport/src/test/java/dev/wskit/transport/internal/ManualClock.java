package dev.wskit.transport.internal;

import java.time.Duration;

/** A clock that moves only when the test moves it, from an origin far from zero (nanoTime may be negative). */
final class ManualClock implements NanoClock {
    private long now = -1_000_000_000_000L;

    @Override
    public long nanoTime() {
        return now;
    }

    void advance(Duration by) {
        now += by.toNanos();
    }

    void advanceTo(long instant) {
        now = Math.max(now, instant);
    }
}
