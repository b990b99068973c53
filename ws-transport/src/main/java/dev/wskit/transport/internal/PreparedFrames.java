package dev.wskit.transport.internal;

import dev.wskit.codec.spi.SharedEncoding;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;

/**
 * The transport's way to a {@link PreparedMessage}'s own frames, which its public API hands out only as fresh
 * views: a broadcast gives the same buffer to every connection's engine, which reads it by absolute index
 * ({@link dev.wskit.codec.engine.WebSocketEngine#sendEncoded}), so that a delivery allocates no view.
 * {@link PreparedMessage} installs the access when its class initializes, before any instance exists.
 * Thread-safe.
 */
public final class PreparedFrames {
    /** Reads a prepared message's shared frame for an encoding. */
    @FunctionalInterface
    public interface Access {
        /**
         * Returns the message's frame for connections with the encoding, shared: never to be moved or changed.
         *
         * @param message the message
         * @param encoding the connection's shared encoding
         * @return the frame's bytes between position and limit
         */
        ByteBuffer sharedFrame(PreparedMessage message, SharedEncoding encoding);
    }

    private static volatile Access access;

    private PreparedFrames() {
    }

    /**
     * Installs the access, once.
     *
     * @param installed how frames are read
     * @throws IllegalStateException when an access is installed already
     */
    public static void install(Access installed) {
        if (access != null) {
            throw new IllegalStateException("Prepared frames' access is installed already");
        }
        access = installed;
    }

    /** Returns the message's shared frame for the encoding (see {@link Access#sharedFrame}). */
    static ByteBuffer sharedFrame(PreparedMessage message, SharedEncoding encoding) {
        return access.sharedFrame(message, encoding);
    }
}
