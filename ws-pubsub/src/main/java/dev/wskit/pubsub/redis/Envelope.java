package dev.wskit.pubsub.redis;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.Compression;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A published message as it travels through Redis: a version byte (1), a flags byte (bit 0: binary rather than
 * text, RFC 6455 §5.6; bit 1: never compress, RFC 7692 §6), the origin node's id (a UUID as two big-endian
 * longs), then the payload, UTF-8 for text. Redis messages are binary-safe, so nothing is escaped.
 *
 * @param origin the node that published the message
 * @param message the message, prepared once for the receiving node's subscribers
 */
record Envelope(UUID origin, PreparedMessage message) {
    static final int VERSION = 1;
    static final int HEADER_LENGTH = 18;
    private static final int BINARY = 0b01;
    private static final int UNCOMPRESSED = 0b10;

    /**
     * Encodes a message for Redis.
     *
     * @param origin the publishing node
     * @param message the message
     * @return the bytes to publish
     */
    static byte[] encode(UUID origin, PreparedMessage message) {
        ByteBuffer payload = message.payload();
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_LENGTH + payload.remaining());
        int flags = (message.type() == Opcode.BINARY ? BINARY : 0)
            | (message.compression() == Compression.NONE ? UNCOMPRESSED : 0);
        bytes.put((byte) VERSION).put((byte) flags)
            .putLong(origin.getMostSignificantBits()).putLong(origin.getLeastSignificantBits())
            .put(payload);
        return bytes.array();
    }

    /**
     * Reads the origin of an encoded message, without preparing its payload.
     *
     * @param bytes what Redis delivered
     * @return the publishing node
     * @throws IllegalArgumentException when the bytes are not an envelope of this version
     */
    static UUID origin(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH || bytes[0] != VERSION) {
            throw new IllegalArgumentException("Not a wskit envelope (version " + VERSION + "): "
                + bytes.length + " bytes" + (bytes.length > 0 ? ", version " + bytes[0] : ""));
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 2, 16);
        return new UUID(header.getLong(), header.getLong());
    }

    /**
     * Decodes a message delivered by Redis.
     *
     * @param bytes what Redis delivered
     * @return the envelope
     * @throws IllegalArgumentException when the bytes are not an envelope of this version
     */
    static Envelope decode(byte[] bytes) {
        UUID origin = origin(bytes);
        int flags = bytes[1];
        Compression compression = (flags & UNCOMPRESSED) != 0 ? Compression.NONE : Compression.AUTO;
        int length = bytes.length - HEADER_LENGTH;
        PreparedMessage message = (flags & BINARY) != 0
            ? PreparedMessage.binary(ByteBuffer.wrap(bytes, HEADER_LENGTH, length), compression)
            : PreparedMessage.text(new String(bytes, HEADER_LENGTH, length, StandardCharsets.UTF_8), compression);
        return new Envelope(origin, message);
    }
}
