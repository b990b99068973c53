package dev.wskit.transport.internal;

import dev.wskit.transport.spi.TransportChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Receive-side backpressure: reading from the peer pauses while the application asked for it, while more than
 * the limit of received bytes waits undelivered (resumed when half of that is left), or while the engine owes so
 * many Pongs that received bytes wait for it (RFC 6455 §5.5.2). Thread-safe: the transport hears a change under
 * the connection's lock, so that racing threads cannot tell it out of order.
 */
final class ReadDemand {
    private final ReentrantLock lock;
    private final Supplier<TransportChannel> channel;
    private final long maxUndelivered;
    private final BooleanSupplier inputHeld;
    private final LongSupplier undelivered;
    private volatile boolean appPaused;
    private volatile boolean readsPaused;

    /**
     * Creates the demand of a connection.
     *
     * @param lock the connection's lock
     * @param channel returns the transport, or {@code null} before it connected
     * @param maxUndelivered the most received bytes that may wait for the listener
     * @param inputHeld tells whether received bytes wait for the engine
     * @param undelivered returns the received bytes waiting for the listener
     */
    ReadDemand(ReentrantLock lock, Supplier<TransportChannel> channel, long maxUndelivered, BooleanSupplier inputHeld,
               LongSupplier undelivered) {
        this.lock = lock;
        this.channel = channel;
        this.maxUndelivered = maxUndelivered;
        this.inputHeld = inputHeld;
        this.undelivered = undelivered;
    }

    /** The application asks to pause reading, or to resume it; the caller then {@linkplain #refresh refreshes}. */
    void pauseByApplication(boolean paused) {
        appPaused = paused;
    }

    /** Pauses or resumes reading when the demand changed. */
    void refresh() {
        if (wantsPause() == readsPaused) {
            return;
        }
        lock.lock();
        try {
            boolean pause = wantsPause();
            TransportChannel current = channel.get();
            if (pause != readsPaused && current != null) {
                readsPaused = pause;
                current.pauseReading(pause);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean wantsPause() {
        long limit = maxUndelivered;
        return appPaused || inputHeld.getAsBoolean() || undelivered.getAsLong() > (readsPaused ? limit / 2 : limit);
    }
}
