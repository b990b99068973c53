package dev.wskit.codec.engine;

/**
 * Counts the messages an engine has handed to the application and that the application has not yet reported
 * handled, once a transport asks for the Close the engine owes to wait for them: RFC 6455 §5.5.1 lets an
 * endpoint send data, such as its replies to those messages, until its own Close is sent. Until then nothing is
 * counted. Not thread-safe: its engine's caller serializes calls.
 */
final class DeliveryCount {
    private boolean counting;
    private long undelivered;

    /** Starts counting: from now on each message handed over counts until reported delivered. */
    void start() {
        counting = true;
    }

    /** Counts one message (or chunk, Ping or Pong) handed to the application, once counting has started. */
    void handedOver() {
        if (counting) {
            undelivered++;
        }
    }

    /**
     * Takes messages the application has handled off the count, which never goes below zero.
     *
     * @param count how many were handled since last reported
     */
    void delivered(long count) {
        undelivered = Math.max(0, undelivered - count);
    }

    /**
     * Tells whether messages handed over still wait to be reported handled.
     *
     * @return true while any is undelivered
     */
    boolean isPending() {
        return undelivered > 0;
    }
}
