package dev.wskit.transport.metrics;

/**
 * Which side started the end of a connection (RFC 6455 §7.1.2, §7.1.3).
 */
public enum Initiator {
    /**
     * This side: the application closed, the connection failed on the peer's data (§7.1.7), a timeout or the
     * send queue's overflow policy closed it, or it was aborted.
     */
    LOCAL,
    /** The peer: its Close arrived before this side had started closing, or it ended the TCP connection. */
    REMOTE
}
