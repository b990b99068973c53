package dev.wskit.transport.nio;

import dev.wskit.transport.spi.TransportChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;

/**
 * The {@link TransportChannel} a {@link NioChannel}'s handler sees: hands the channel the requests other threads
 * make of it (write, close, abort, move the deadline, pause reading, run the confined handler's handed-over
 * work). Each sets a signal bit, and the first bit
 * set hands the loop this mailbox as one task for all of them (linked into the loop's queue by itself, so it is
 * queued at most once until it runs); requests made on the loop act at once. No request allocates.
 * Thread-safe.
 */
final class Mailbox extends TaskStack.Task implements TransportChannel {
    private static final int WRITE = 1;
    private static final int ABORT = 1 << 1;
    private static final int TIMER = 1 << 2;
    private static final int PAUSE = 1 << 3;
    private static final int HANDLER = 1 << 4;
    private static final VarHandle SIGNALS;

    static {
        try {
            SIGNALS = MethodHandles.lookup().findVarHandle(Mailbox.class, "signals", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final NioChannel channel;
    /** The requests signalled and not yet acted on, a bit each; in this object, not one of its own to fetch. */
    private volatile int signals;
    private volatile boolean closeRequested;
    private volatile boolean lingerRequested;
    private volatile boolean pauseRequested;
    private volatile long requestedDeadline = ChannelTimer.NONE;
    /** What the handler, confined to the loop, runs when other threads hand it work; set on the loop. */
    private Runnable handlerWork;

    /**
     * Creates the mailbox of a channel.
     *
     * @param loop the channel's loop
     * @param channel the channel the requests are for
     */
    Mailbox(EventLoop loop, NioChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    @Override
    public void requestWrite() {
        if (loop.inLoop()) {
            channel.queueFlush();
        } else {
            signal(WRITE);
        }
    }

    @Override
    public void close() {
        closeRequested = true;
        requestWrite();
    }

    @Override
    public void closeLingering() {
        lingerRequested = true;
        close();
    }

    @Override
    public void abort() {
        closeRequested = true;
        if (loop.inLoop()) {
            channel.end(null);
        } else {
            signal(ABORT);
        }
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        if (loop.inLoop()) {
            requestedDeadline = deadlineNanos;
            channel.setTimer(deadlineNanos);
        } else if (deadlineNanos != requestedDeadline) {
            requestedDeadline = deadlineNanos;
            signal(TIMER);
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        pauseRequested = paused;
        if (loop.inLoop()) {
            channel.applyPause(paused);
        } else {
            signal(PAUSE);
        }
    }

    @Override
    public boolean confineHandler(Runnable work) {
        handlerWork = work;
        return true;
    }

    @Override
    public void wakeHandler() {
        signal(HANDLER);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isSecure() {
        return channel.isSecure();
    }

    /** Marks the channel closing, as a failure on the loop does. */
    void markClosing() {
        closeRequested = true;
    }

    /** Tells whether the channel was asked to close (or abort). */
    boolean isCloseRequested() {
        return closeRequested;
    }

    /** Tells whether the close asked for lingers. */
    boolean isLingerRequested() {
        return lingerRequested;
    }

    /** On the loop: acts on the requests signalled since the last time. */
    @Override
    public void run() {
        int bits = (int) SIGNALS.getAndSet(this, 0);
        if (channel.isEnded()) {
            return;
        }
        if ((bits & ABORT) != 0) {
            channel.end(null);
            return;
        }
        if ((bits & TIMER) != 0) {
            channel.setTimer(requestedDeadline);
        }
        if ((bits & PAUSE) != 0) {
            channel.applyPause(pauseRequested);
        }
        if ((bits & HANDLER) != 0) {
            channel.runHandlerWork(handlerWork);
        }
        if ((bits & WRITE) != 0) {
            channel.queueFlush();
        }
    }

    private void signal(int bit) {
        int previous;
        do {
            previous = signals;
            if ((previous & bit) != 0) {
                return;
            }
        } while (!SIGNALS.compareAndSet(this, previous, previous | bit));
        if (previous == 0) {
            loop.execute(this);
        }
    }
}
