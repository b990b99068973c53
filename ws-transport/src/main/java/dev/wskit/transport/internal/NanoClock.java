package dev.wskit.transport.internal;

/**
 * The monotonic clock a connection reads its deadlines from (handshake, write stall, and the engine's ping,
 * idle and close timeouts): {@link System#nanoTime()} in a server or client, a hand-driven one in tests, so that
 * a timeout can be tested without waiting for it.
 */
@FunctionalInterface
interface NanoClock {
    /** The system's monotonic clock. */
    NanoClock SYSTEM = System::nanoTime;

    /**
     * Returns the current instant, in nanoseconds from an arbitrary origin, as {@link System#nanoTime()} does.
     *
     * @return the current instant
     */
    long nanoTime();
}
