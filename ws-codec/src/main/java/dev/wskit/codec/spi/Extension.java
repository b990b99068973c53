package dev.wskit.codec.spi;

/**
 * A negotiated extension as the frame layer sees it (RFC 6455 §9): the reserved bits it claims and its
 * payload transformations for one connection. An instance belongs to one connection.
 *
 * <p>A connection may run several extensions as a chain, in the order of the server's
 * {@code Sec-WebSocket-Extensions} (§9.1): outgoing payloads pass through their encoders in that order, incoming
 * ones through their decoders in the reverse order. Each extension claims reserved bits of its own (§5.2).
 *
 * <p>{@link #close()} releases what the extension holds (native zlib state for permessage-deflate); the
 * engine calls it once when the connection ends. Not thread-safe: used by the connection's threads in turn.
 */
public interface Extension extends AutoCloseable {
    /**
     * Returns the extension's registered token.
     *
     * @return the name, such as {@code permessage-deflate}
     */
    String name();

    /**
     * Returns the reserved bits this extension claims (§5.2): frames may carry them without failing. No other
     * extension of the connection may claim any of them.
     *
     * @return a mask of RSV bits, {@link dev.wskit.codec.FrameHeader#RSV1} and the others
     */
    int rsvBits();

    /**
     * Returns the transformation for incoming messages.
     *
     * @return the decoder, the same instance on every call
     */
    ExtensionDecoder decoder();

    /**
     * Returns the transformation for outgoing messages.
     *
     * @return the encoder, the same instance on every call
     */
    ExtensionEncoder encoder();

    /** Releases the resources held; further use is not allowed. Idempotent. */
    @Override
    void close();
}
