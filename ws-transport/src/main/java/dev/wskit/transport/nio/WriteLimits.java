package dev.wskit.transport.nio;

/**
 * The bounds of a {@link NioOutput}'s writes: how much a connection writes per turn, which payloads are handed over
 * rather than copied into the loop's buffer, how many of them one gathering write takes, and how often a sender
 * that never pauses hears that its output is flushed.
 */
final class WriteLimits {
    /** The most bytes one connection writes per turn, so that it cannot starve the loop's other connections. */
    static final int WRITE_BUDGET = 1 << 20;
    /** Payloads from this size on are handed over rather than copied into the loop's buffer. */
    static final int MIN_DETACHED = 1024;
    /**
     * The most of a heap payload written per call: the JDK copies heap buffers into a temporary direct buffer
     * of their size, and keeps it for the thread, so an unbounded write would pin one as large as the message.
     */
    static final int HEAP_WRITE_LIMIT = 256 * 1024;
    /**
     * How many bytes go out between two reports that the output is flushed while more is produced: a sender
     * that keeps the queue filled for a slow peer keeps the socket backed up at the end of every turn, and would
     * otherwise see no send complete (and {@code bufferedAmount} count written bytes) until it stops.
     */
    static final int FLUSH_REPORT_BYTES = 64 * 1024;
    /**
     * A gathering write takes up to this many payloads handed over: a burst of large messages queued on a
     * connection (a fan-out's) then costs one system call, not one per message.
     */
    static final int MAX_GATHERED = 16;
    /**
     * No more is produced for a gathering write once its payloads come to this many bytes, and a payload from
     * this size on is written on its own: the JDK copies each heap payload of a write into a temporary direct
     * buffer that it keeps for the thread.
     */
    static final int MAX_GATHERED_BYTES = 64 * 1024;
    /** Room left in the loop's buffer below which no more is produced for a gathering write. */
    static final int MIN_GATHER_ROOM = 1024;

    private WriteLimits() {
    }
}
