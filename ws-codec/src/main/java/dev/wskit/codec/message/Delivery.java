package dev.wskit.codec.message;

/**
 * How a {@link MessageAssembler} hands data messages over (RFC 6455 §5.4: fragments of one message may be
 * delivered as they come or assembled first).
 */
public enum Delivery {
    /** Assemble each message up to the size limit, then deliver it in one call. */
    WHOLE,
    /** Deliver each piece of payload as it arrives, for messages too large to hold. */
    STREAMED
}
