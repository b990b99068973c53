package dev.wskit.codec.spi;

import java.nio.ByteBuffer;

/**
 * Where an extension puts transformed payload bytes (RFC 6455 §9).
 *
 * <p>The buffer passed to {@link #accept} belongs to the extension and is valid only during the call; the
 * sink copies or consumes what it needs. A sink may throw {@link dev.wskit.codec.ProtocolException} (for
 * example 1009 when a size limit is passed); the extension must then stop at once and let it propagate, so
 * that a small input that would expand to gigabytes costs no more than the limit.
 */
@FunctionalInterface
public interface PayloadSink {
    /**
     * Takes the next chunk of transformed payload.
     *
     * @param chunk the bytes between position and limit; the sink may move the position
     */
    void accept(ByteBuffer chunk);
}
