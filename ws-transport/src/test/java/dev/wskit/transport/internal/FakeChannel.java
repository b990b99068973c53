package dev.wskit.transport.internal;

import dev.wskit.transport.spi.TransportChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport channel that records what the connection asks of it, for driving a connection by hand: no socket,
 * no thread, no clock. The test plays the transport: it feeds received bytes, produces output when asked to
 * write, and fires the timer at the deadline the connection scheduled. Shared with the tests of the hosted
 * entry point ({@code spi.HostedUpgradeTest}).
 */
public final class FakeChannel implements TransportChannel {
    /** What the connection asked for, in order: {@code close}, {@code closeLingering}, {@code abort}. */
    public final List<String> requests = new ArrayList<>();
    /** The last deadline the connection scheduled. */
    public long timerDeadline = Long.MAX_VALUE;
    /** Whether a write was asked for since the test last cleared it. */
    public boolean writeRequested;
    /** Whether reading is paused now. */
    public boolean readingPaused;
    /** Whether the channel confines its handler to the test's thread, as an event loop would. */
    public boolean confines;
    /** The work the confined handler gave, for the test to run as the serving thread. */
    public Runnable handlerWork;
    /** How many times other threads woke the confined handler. */
    public final AtomicInteger wakes = new AtomicInteger();

    @Override
    public void requestWrite() {
        writeRequested = true;
    }

    @Override
    public void close() {
        requests.add("close");
    }

    @Override
    public void closeLingering() {
        requests.add("closeLingering");
    }

    @Override
    public void abort() {
        requests.add("abort");
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        timerDeadline = deadlineNanos;
    }

    @Override
    public boolean confineHandler(Runnable work) {
        handlerWork = work;
        return confines;
    }

    @Override
    public void wakeHandler() {
        wakes.incrementAndGet();
    }

    @Override
    public void pauseReading(boolean paused) {
        readingPaused = paused;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50_000);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public boolean isSecure() {
        return false;
    }
}
