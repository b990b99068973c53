package dev.wskit.pubsub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.Compression;
import dev.wskit.transport.PreparedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A message's form in Redis: version, flags, origin and payload, and what is not a wskit envelope. */
class EnvelopeTest {
    private static final UUID ORIGIN = new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L);

    @Test
    void textIsVersionFlagsOriginThenUtf8() {
        byte[] bytes = Envelope.encode(ORIGIN, PreparedMessage.text("hé"));
        assertEquals("0100" + "0102030405060708090a0b0c0d0e0f10" + "68c3a9", HexFormat.of().formatHex(bytes));
        Envelope decoded = Envelope.decode(bytes);
        assertEquals(ORIGIN, decoded.origin());
        assertEquals(Opcode.TEXT, decoded.message().type());
        assertEquals("hé", StandardCharsets.UTF_8.decode(decoded.message().payload()).toString());
    }

    @Test
    void binarySentUncompressedKeepsBothFlags() {
        byte[] bytes = Envelope.encode(ORIGIN, PreparedMessage.binary(ByteBuffer.wrap(new byte[] {7}), Compression.NONE));
        assertEquals(0b11, bytes[1]);
        Envelope decoded = Envelope.decode(bytes);
        assertEquals(Opcode.BINARY, decoded.message().type());
        assertEquals(Compression.NONE, decoded.message().compression());
        assertEquals(1, decoded.message().payloadLength());
    }

    @Test
    void bytesThatAreNoEnvelopeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Envelope.decode("hello".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> Envelope.origin(new byte[Envelope.HEADER_LENGTH]));
    }
}
