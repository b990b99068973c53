package dev.wskit.transport.metrics;

import java.time.Duration;

/**
 * How a connection ended and what it moved: one value per connection, made when it closes (RFC 6455 §7.1.4–
 * §7.1.6). Immutable.
 *
 * @param code the close code, as {@code WebSocket.Listener.onClose} hears it: the peer's code after a clean
 *     close (1005 when its Close had no body), the failure's code, or 1006 when no Close frame was exchanged
 * @param reason the close reason, or a description of the failure
 * @param initiator the side that started the end
 * @param wasClean whether both Close frames were exchanged
 * @param lifetime from the end of the opening handshake to the close
 * @param bytesIn the bytes received, handshake and frames (after TLS decryption)
 * @param bytesOut the bytes sent, handshake and frames (before TLS encryption)
 * @param sendQueueHighWater the most bytes the send queue held at once
 */
public record ClosedConnection(int code, String reason, Initiator initiator, boolean wasClean, Duration lifetime,
                               long bytesIn, long bytesOut, long sendQueueHighWater) {
}
