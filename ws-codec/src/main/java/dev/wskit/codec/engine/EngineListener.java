package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.message.MessageListener;

/**
 * Receives what a {@link WebSocketEngine} learns about its connection: messages and control frames (see
 * {@link MessageListener}, whose {@link #onCloseReceived} reports the peer's Close frame as it arrives),
 * failures, and the end of the connection with {@link #onClosed} (RFC 6455 §7.1.4–§7.1.7), which is what a
 * transport's {@code onClose} means.
 *
 * <p>Order: messages, then at most one {@link #onError}, then exactly one {@link #onClosed}; nothing after it.
 * Methods are called from the thread that called the engine, one at a time.
 */
public interface EngineListener extends MessageListener {
    /**
     * The connection failed because of the peer (or of a listener that threw); a Close with the exception's
     * code has been queued (§7.1.7). {@link #onClosed} follows.
     *
     * @param failure what went wrong, with its close code
     */
    default void onError(ProtocolException failure) {
    }

    /**
     * The engine queued a keepalive Ping (§5.5.2) because the peer has been silent for the ping interval: a
     * transport may time the Pong that answers it.
     *
     * @param nowNanos the instant of the {@code onTimer} call that queued it
     */
    default void onKeepalivePing(long nowNanos) {
    }

    /**
     * A data message was handed to the negotiated extensions and framed (RFC 6455 §9; for permessage-deflate,
     * RFC 7692 §7.2.1): called, on a connection with an extension, when its last piece is about to be framed. A
     * message the extension left untransformed (RFC 7692 §6) reports equal lengths; pre-encoded frames ({@link
     * WebSocketEngine#sendEncoded}) are not reported.
     *
     * @param payloadLength the payload as the application gave it (UTF-8 bytes for text)
     * @param wireLength the payload its frames carry
     */
    default void onMessageEncoded(long payloadLength, long wireLength) {
    }

    /**
     * A data message arrived through the negotiated extensions (RFC 6455 §9; for permessage-deflate, RFC 7692
     * §7.2.2): called, on a connection with an extension, just before the whole message (or its last chunk)
     * is delivered. A message that came untransformed reports equal lengths.
     *
     * @param wireLength the payload its frames carried
     * @param payloadLength the payload after the extensions (UTF-8 bytes for text)
     */
    default void onMessageDecoded(long wireLength, long payloadLength) {
    }

    /**
     * The connection is closed (§7.1.4, §7.1.5): the close handshake completed (clean), the connection was
     * failed, a timeout expired, or the transport ended without a Close frame (1006).
     *
     * @param code the peer's close code when the handshake completed (1005 when its Close had no body), the
     *     failure's code, or 1006 when no Close frame was exchanged
     * @param reason the peer's reason, or a description of the failure
     * @param wasClean whether both Close frames were exchanged
     */
    void onClosed(CloseCode code, String reason, boolean wasClean);
}
