package dev.wskit.codec.message;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A limit on the bytes that partially assembled messages hold, shared by the {@link MessageAssembler}s of many
 * connections (RFC 6455 §10.4: an implementation SHOULD limit what a peer can make it buffer). An assembler
 * reserves room here before its buffer grows and gives it back when the buffer is dropped (the message
 * delivered, the connection failed or closed); when the room is not there, the connection that asks fails with
 * 1009, and the others go on.
 *
 * <p>Thread-safe: one {@link AtomicLong}, updated once per buffer growth, never per frame.
 */
public final class MessageBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /**
     * Creates a budget.
     *
     * @param limit the most bytes that all assemblers sharing it may hold at once
     * @throws IllegalArgumentException when the limit is negative
     */
    public MessageBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Negative message budget: " + limit);
        }
        this.limit = limit;
    }

    /**
     * Returns a budget that never refuses, which still counts what is held.
     *
     * @return a new unlimited budget
     */
    public static MessageBudget unlimited() {
        return new MessageBudget(Long.MAX_VALUE);
    }

    /**
     * Returns the limit.
     *
     * @return the most bytes held at once
     */
    public long limit() {
        return limit;
    }

    /**
     * Returns the bytes held now.
     *
     * @return the bytes reserved and not yet released
     */
    public long used() {
        return used.get();
    }

    /**
     * Reserves room, or refuses when it would pass the limit.
     *
     * @param bytes the room wanted, not negative
     * @return true when reserved; false when refused, and nothing is reserved
     */
    public boolean tryReserve(long bytes) {
        long total = used.addAndGet(bytes);
        if (total > limit || total < 0) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /**
     * Gives reserved room back.
     *
     * @param bytes the room, as reserved earlier
     */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    @Override
    public String toString() {
        return "MessageBudget[" + used() + " of " + limit + " bytes]";
    }
}
