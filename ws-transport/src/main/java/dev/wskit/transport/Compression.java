package dev.wskit.transport;

/**
 * Whether a data message may be compressed by the extension negotiated on its connection
 * (permessage-deflate, RFC 7692). Thread-safe, as enums are.
 */
public enum Compression {
    /**
     * Compressed when the connection negotiated a compressing extension and that extension chooses to compress
     * the message (permessage-deflate compresses messages from its configured threshold up); sent as it is
     * otherwise.
     */
    AUTO,
    /**
     * Never compressed: the message goes out with RSV1 clear even on a connection that negotiated
     * permessage-deflate, as RFC 7692 §6 allows for any message. Saves the CPU that compressing data which is
     * already compressed (JPEG, PNG, zip, video) would waste for no gain; a compressor that keeps its window
     * across messages (§7.1.1) is not touched either.
     */
    NONE
}
