package dev.wskit.transport.nio;

/**
 * The one deadline of a {@link NioChannel}, kept in its loop's deadline heap. However often the deadline moves,
 * the heap holds at most a few entries for it: a later deadline waits for the entry already queued, which then
 * queues the later one. Heap entries stay until their time (a close timeout may be 10 s out); once the channel
 * ends and {@link #release}s its timer, they keep this small object alone, not the connection and its engine.
 * Loop thread only.
 */
final class ChannelTimer implements EventLoop.Timed {
    /** No deadline. */
    static final long NONE = Long.MAX_VALUE;

    private final EventLoop loop;
    private NioChannel channel;
    private long wanted = NONE;
    private long queued = NONE;

    /**
     * Creates the timer of a channel.
     *
     * @param loop the channel's loop
     * @param channel told by {@link NioChannel#onTimer} when the deadline passes
     */
    ChannelTimer(EventLoop loop, NioChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /**
     * Sets the deadline, replacing the one before.
     *
     * @param deadline a {@link System#nanoTime()} instant, or {@link #NONE}
     */
    void set(long deadline) {
        wanted = deadline;
        if (deadline != NONE && channel != null && (queued == NONE || deadline - queued < 0)) {
            queued = deadline;
            loop.schedule(this, deadline);
        }
    }

    /** Forgets the deadline. */
    void cancel() {
        wanted = NONE;
    }

    /** Forgets the deadline and the channel, when it ends. */
    void release() {
        wanted = NONE;
        channel = null;
    }

    @Override
    public void onDeadline(long deadline, long nowNanos) {
        if (deadline == queued) {
            queued = NONE;
        }
        NioChannel target = channel;
        if (target == null || wanted == NONE) {
            return;
        }
        if (wanted - nowNanos > 0) {
            set(wanted);
            return;
        }
        wanted = NONE;
        target.onTimer(nowNanos);
    }
}
