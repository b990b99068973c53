package dev.wskit.transport.internal;

import dev.wskit.transport.spi.TransportChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

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
