package dev.wskit.codec;

/**
 * Which end of a connection this codec speaks for; it decides masking (RFC 6455 §5.1, §5.3).
 *
 * <p>A client MUST mask every frame it sends and a server MUST NOT; each side fails the connection with
 * 1002 when the peer breaks that rule. Immutable and thread-safe.
 */
public enum Role {
    /** The side that opened the connection: sends masked frames, expects unmasked ones. */
    CLIENT,
    /** The side that accepted the connection: sends unmasked frames, expects masked ones. */
    SERVER;

    /**
     * Tells whether frames this side sends are masked.
     *
     * @return true for {@link #CLIENT}
     */
    public boolean masksOutgoing() {
        return this == CLIENT;
    }

    /**
     * Tells whether frames this side receives must be masked.
     *
     * @return true for {@link #SERVER}
     */
    public boolean expectsMaskedIncoming() {
        return this == SERVER;
    }
}
