package dev.wskit.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a connection keeps a slow peer or a slow application from growing memory without bound, the same on
 * every transport. On the send side, {@link WebSocket#bufferedAmount()} counts what sends have queued: past
 * the high watermark the socket reports {@link WebSocket#isWritable()} false, and once it drains to the low
 * watermark the listener hears {@link WebSocket.Listener#onWritable}; a send that would pass
 * {@code maxBuffered} is refused, and the {@link Overflow} policy decides what else happens. On the receive
 * side, reading from the peer pauses while more than {@code maxUndelivered} bytes of received messages wait
 * for the application's callbacks (as when a {@linkplain ConnectionSettings#callbackExecutor() callback executor}
 * lags), so TCP flow control slows the peer down (RFC 6455 §10.4 asks implementations to limit what a peer
 * can make them hold). A peer that stops reading altogether is cut off: when a connection's output has waited
 * {@code writeStallTimeout} without any write completing, the socket is closed (a writer blocked on it is
 * released), its queue freed, and the application hears 1006, as for any connection lost without a Close
 * frame (RFC 6455 §7.1.5). Immutable and thread-safe.
 *
 * @param lowWatermark the buffered amount at or below which a socket that was not writable becomes writable
 * @param highWatermark the buffered amount from which the socket is not writable
 * @param maxBuffered the most bytes the send queue holds; a send that would pass it is refused
 * @param overflow what a refused send does besides failing its future
 * @param maxUndelivered the received bytes that may wait for callbacks before reading pauses; reading
 *     resumes when half of that is left
 * @param writeStallTimeout how long output may wait without a write completing before the connection is
 *     closed; zero for never
 */
public record Backpressure(long lowWatermark, long highWatermark, long maxBuffered, Overflow overflow,
                           long maxUndelivered, Duration writeStallTimeout) {

    /** The default write-stall timeout: 30 seconds. */
    public static final Duration DEFAULT_WRITE_STALL_TIMEOUT = Duration.ofSeconds(30);

    /** What happens when a send would pass {@code maxBuffered}. */
    public enum Overflow {
        /** Only the send fails (its future completes with an {@link IllegalStateException}). */
        FAIL_SEND,
        /** The send fails, queued sends are dropped, and the connection closes with 1008 Policy Violation. */
        CLOSE_1008,
        /** The send fails, queued sends are dropped, and the connection closes with 1013 Try Again Later. */
        CLOSE_1013
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException unless {@code 0 <= lowWatermark <= highWatermark <= maxBuffered} and
     *     {@code maxBuffered} and {@code maxUndelivered} are positive
     */
    public Backpressure {
        Objects.requireNonNull(overflow, "overflow");
        if (lowWatermark < 0 || lowWatermark > highWatermark || highWatermark > maxBuffered || maxBuffered < 1) {
            throw new IllegalArgumentException("Watermarks must satisfy 0 <= low <= high <= maxBuffered, with "
                + "maxBuffered > 0: " + lowWatermark + ", " + highWatermark + ", " + maxBuffered);
        }
        if (maxUndelivered < 1) {
            throw new IllegalArgumentException("maxUndelivered must be positive: " + maxUndelivered);
        }
        Objects.requireNonNull(writeStallTimeout, "writeStallTimeout");
        if (writeStallTimeout.isNegative()) {
            throw new IllegalArgumentException("Negative writeStallTimeout: " + writeStallTimeout);
        }
    }

    /**
     * Creates the settings with the default write-stall timeout, {@link #DEFAULT_WRITE_STALL_TIMEOUT}.
     *
     * @param lowWatermark the buffered amount at or below which a socket becomes writable again
     * @param highWatermark the buffered amount from which the socket is not writable
     * @param maxBuffered the most bytes the send queue holds
     * @param overflow what a refused send does besides failing its future
     * @param maxUndelivered the received bytes that may wait for callbacks before reading pauses
     * @throws IllegalArgumentException as the canonical constructor does
     */
    public Backpressure(long lowWatermark, long highWatermark, long maxBuffered, Overflow overflow,
                        long maxUndelivered) {
        this(lowWatermark, highWatermark, maxBuffered, overflow, maxUndelivered, DEFAULT_WRITE_STALL_TIMEOUT);
    }

    /**
     * Returns the defaults: writable again at 256 KiB, not writable from 1 MiB, at most 16 MiB queued, sends
     * beyond it fail; reading pauses with more than 1 MiB of messages undelivered; a connection whose output
     * makes no progress for 30 s is closed.
     *
     * @return the defaults
     */
    public static Backpressure defaults() {
        return new Backpressure(256L << 10, 1L << 20, 16L << 20, Overflow.FAIL_SEND, 1L << 20);
    }

    /**
     * Returns a copy with another send queue limit, lowering the watermarks when they would exceed it.
     *
     * @param bytes the most bytes the send queue holds
     * @return the copy
     * @throws IllegalArgumentException when {@code bytes} is not positive
     */
    public Backpressure withMaxBuffered(long bytes) {
        long high = Math.min(highWatermark, bytes);
        return new Backpressure(Math.min(lowWatermark, high), high, bytes, overflow, maxUndelivered,
            writeStallTimeout);
    }

    /**
     * Returns a copy with other watermarks.
     *
     * @param low the buffered amount at which the socket becomes writable again
     * @param high the buffered amount from which it is not writable
     * @return the copy
     * @throws IllegalArgumentException when the marks are out of order or above {@code maxBuffered}
     */
    public Backpressure withWatermarks(long low, long high) {
        return new Backpressure(low, high, maxBuffered, overflow, maxUndelivered, writeStallTimeout);
    }

    /**
     * Returns a copy with another overflow policy.
     *
     * @param policy what a refused send does
     * @return the copy
     */
    public Backpressure withOverflow(Overflow policy) {
        return new Backpressure(lowWatermark, highWatermark, maxBuffered, policy, maxUndelivered, writeStallTimeout);
    }

    /**
     * Returns a copy with another receive-side limit.
     *
     * @param bytes the received bytes that may wait for callbacks before reading pauses
     * @return the copy
     */
    public Backpressure withMaxUndelivered(long bytes) {
        return new Backpressure(lowWatermark, highWatermark, maxBuffered, overflow, bytes, writeStallTimeout);
    }

    /**
     * Returns a copy with another write-stall timeout.
     *
     * @param timeout how long output may make no progress before the connection closes; zero for never
     * @return the copy
     */
    public Backpressure withWriteStallTimeout(Duration timeout) {
        return new Backpressure(lowWatermark, highWatermark, maxBuffered, overflow, maxUndelivered, timeout);
    }
}
