package dev.wskit.transport.internal;

import dev.wskit.transport.spi.TransportChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Receive-side backpressure: reading from the peer pauses while the application asked for it, while more than
 * the limit of received bytes waits undelivered (resumed when half of that is left), or while the engine owes so
 * many Pongs that received bytes wait for it (RFC 6455 §5.5.2). Thread-safe: the transport hears a change under
 * the connection's lock, so that racing threads cannot tell it out of order.
 *
 * <p>What it reads (the lock, the transport, the limit, the held and undelivered bytes) it asks of a subclass
 * rather than of functions it keeps: a connection's demand is then one object, which an idle connection holds
 * for its whole life.
 */
abstract class ReadDemand {
    private volatile boolean appPaused;
    private volatile boolean readsPaused;

    /**
     * Returns the demand of a connection's protocol.
     *
     * @param session the connection's protocol: its lock, transport and undelivered events
     * @param inbound the bytes held for its engine
     * @return the demand
     */
    static ReadDemand of(Session session, InboundGate inbound) {
        return new OfSession(session, inbound);
    }

    /** Returns the connection's lock. */
    abstract ReentrantLock lock();

    /** Returns the transport, or {@code null} before it connected. */
    abstract TransportChannel channel();

    /** Returns the most received bytes that may wait for the listener. */
    abstract long maxUndelivered();

    /** Tells whether received bytes wait for the engine. */
    abstract boolean inputHeld();

    /** Returns the received bytes waiting for the listener. */
    abstract long undelivered();

    /** The application asks to pause reading, or to resume it; the caller then {@linkplain #refresh refreshes}. */
    final void pauseByApplication(boolean paused) {
        appPaused = paused;
    }

    /** Pauses or resumes reading when the demand changed. */
    final void refresh() {
        if (wantsPause() == readsPaused) {
            return;
        }
        ReentrantLock lock = lock();
        lock.lock();
        try {
            boolean pause = wantsPause();
            TransportChannel current = channel();
            if (pause != readsPaused && current != null) {
                readsPaused = pause;
                current.pauseReading(pause);
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean wantsPause() {
        long limit = maxUndelivered();
        return appPaused || inputHeld() || undelivered() > (readsPaused ? limit / 2 : limit);
    }

    /** The demand of a {@link Session}, read from it directly. */
    private static final class OfSession extends ReadDemand {
        private final Session session;
        private final InboundGate inbound;

        OfSession(Session session, InboundGate inbound) {
            this.session = session;
            this.inbound = inbound;
        }

        @Override
        ReentrantLock lock() {
            return session.guard.lockItself();
        }

        @Override
        TransportChannel channel() {
            return session.channel;
        }

        @Override
        long maxUndelivered() {
            return session.settings.backpressure().maxUndelivered();
        }

        @Override
        boolean inputHeld() {
            return inbound.isHolding();
        }

        @Override
        long undelivered() {
            return session.events.undeliveredBytes();
        }
    }
}
