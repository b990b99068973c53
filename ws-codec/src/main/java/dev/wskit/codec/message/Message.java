package dev.wskit.codec.message;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.CloseReason;
import dev.wskit.codec.FrameHeader;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A whole WebSocket message or control frame (RFC 6455 §5.5, §5.6), as a value to send or to log.
 *
 * <p>Binary payloads are {@link ByteBuffer}s read between position and limit; the records do not copy them,
 * so a caller must not change a buffer it handed over until it has been sent. Records are immutable
 * otherwise, and thread-safe when their buffers are not modified.
 */
public sealed interface Message {

    /**
     * A text message (§5.6).
     *
     * @param text the message text
     */
    record Text(String text) implements Message {
        /** Checks the text. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A binary message (§5.6).
     *
     * @param data the payload between position and limit
     */
    record Binary(ByteBuffer data) implements Message {
        /** Checks the payload. */
        public Binary {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * A Ping control frame (§5.5.2).
     *
     * @param data application data, at most 125 bytes
     */
    record Ping(ByteBuffer data) implements Message {
        /**
         * Checks the payload.
         *
         * @throws IllegalArgumentException when longer than 125 bytes (§5.5)
         */
        public Ping {
            requireControlPayload(data);
        }
    }

    /**
     * A Pong control frame (§5.5.3).
     *
     * @param data application data, at most 125 bytes
     */
    record Pong(ByteBuffer data) implements Message {
        /**
         * Checks the payload.
         *
         * @throws IllegalArgumentException when longer than 125 bytes (§5.5)
         */
        public Pong {
            requireControlPayload(data);
        }
    }

    /**
     * A Close control frame (§5.5.1): either empty (a {@code null} code) or a code with a reason.
     *
     * @param code the status code, or {@code null} for an empty body
     * @param reason the reason, empty when there is none; at most 123 bytes of UTF-8
     */
    record Close(CloseCode code, String reason) implements Message {
        /** The Close frame with an empty body. */
        public static final Close EMPTY = new Close(null, "");

        /**
         * Checks what may be sent (§5.5.1, §7.4.1).
         *
         * @throws IllegalArgumentException when the code may not appear on the wire, a reason comes without a
         *     code, or the reason is longer than 123 bytes of UTF-8
         */
        public Close {
            Objects.requireNonNull(reason, "reason");
            if (code == null && !reason.isEmpty()) {
                throw new IllegalArgumentException("A close reason needs a close code: \"" + reason + "\"");
            }
            if (code != null && !code.isValidOnWire()) {
                throw new IllegalArgumentException("Close code not allowed on the wire: " + code.code());
            }
            CloseReason.validate(reason);
        }

        /**
         * Creates a Close frame with a code and a reason.
         *
         * @param code the status code
         * @param reason the reason, at most 123 bytes of UTF-8
         * @return the Close message
         */
        public static Close of(CloseCode code, String reason) {
            return new Close(Objects.requireNonNull(code, "code"), reason);
        }
    }

    private static void requireControlPayload(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        if (data.remaining() > FrameHeader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException(
                "Control frame payload too long: " + data.remaining() + " > " + FrameHeader.MAX_CONTROL_PAYLOAD);
        }
    }
}
