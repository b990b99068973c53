package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

    @Test
    void encodedLengthUsesTheShortestLengthEncoding() {
        // RFC 6455 §5.2: 7 bits up to 125, then 16 bits up to 65535, then 64 bits
        long[][] cases = {{0, 2}, {1, 2}, {125, 2}, {126, 4}, {65535, 4}, {65536, 10}, {Long.MAX_VALUE, 10}};
        for (long[] c : cases) {
            assertEquals(c[1], FrameHeader.encodedLength(c[0], false), "unmasked " + c[0]);
            assertEquals(c[1] + 4, FrameHeader.encodedLength(c[0], true), "masked " + c[0]);
        }
    }

    @Test
    void instanceEncodedLengthMatchesTheEncoderOutput() {
        for (long length : new long[] {0, 125, 126, 65535, 65536, 1L << 40}) {
            for (boolean masked : new boolean[] {false, true}) {
                FrameHeader header = new FrameHeader(true, 0, Opcode.BINARY, masked, 0x37fa213d, length);
                ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
                FrameEncoder.encodeHeader(header, out);
                assertEquals(header.encodedLength(), out.position(), length + " masked=" + masked);
            }
        }
    }

    @Test
    void encodeHeaderWritesTheFieldsAsGiven() {
        FrameHeader header = new FrameHeader(true, 0, Opcode.TEXT, true, 0x37fa213d, 5);
        ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
        FrameEncoder.encodeHeader(header, out);
        assertEquals("818537fa213d", // RFC 6455 §5.7: masked "Hello" header
            HexFormat.of().formatHex(out.array(), 0, out.position()));
        out.clear();
        FrameEncoder.encodeHeader(new FrameHeader(false, 0b101, Opcode.BINARY, false, 0, 65536), out);
        assertEquals("527f0000000000010000", HexFormat.of().formatHex(out.array(), 0, out.position()));
    }

    @Test
    void largestHeaderIsFourteenBytes() {
        assertEquals(FrameHeader.MAX_LENGTH, FrameHeader.encodedLength(Long.MAX_VALUE, true));
        assertEquals(14, FrameHeader.MAX_LENGTH);
        assertEquals(125, FrameHeader.MAX_CONTROL_PAYLOAD);
    }

    @Test
    void controlFrameMustBeFinal() {
        for (Opcode opcode : new Opcode[] {Opcode.CLOSE, Opcode.PING, Opcode.PONG}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameHeader(false, 0, opcode, false, 0, 0));
            assertTrue(e.getMessage().contains(opcode.name()), e.getMessage());
        }
        new FrameHeader(false, 0, Opcode.TEXT, false, 0, 0);
    }

    @Test
    void controlFramePayloadIsAtMost125Bytes() {
        new FrameHeader(true, 0, Opcode.PING, false, 0, 125);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new FrameHeader(true, 0, Opcode.PING, false, 0, 126));
        assertEquals("Control frame payload too long: 126 > 125", e.getMessage());
        new FrameHeader(true, 0, Opcode.BINARY, false, 0, 126);
    }

    @Test
    void reservedBitsAndLengthAreRangeChecked() {
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, -1, Opcode.TEXT, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, 8, Opcode.TEXT, false, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(true, 0, Opcode.TEXT, false, 0, -1));
        assertThrows(NullPointerException.class, () -> new FrameHeader(true, 0, null, false, 0, 0));
        for (int rsv = 0; rsv < 8; rsv++) {
            assertEquals(rsv, new FrameHeader(true, rsv, Opcode.BINARY, false, 0, 0).rsv());
        }
    }

    @Test
    void reservedBitConstantsAreTheSecondToFourthBitsOfTheFirstByte() {
        // RFC 6455 §5.2: FIN, RSV1, RSV2, RSV3, then the 4-bit opcode
        int[] expectedFirstBytes = {0x40 | 0x2, 0x20 | 0x2, 0x10 | 0x2};
        int[] bits = {FrameHeader.RSV1, FrameHeader.RSV2, FrameHeader.RSV3};
        for (int i = 0; i < bits.length; i++) {
            ByteBuffer out = ByteBuffer.allocate(FrameHeader.MAX_LENGTH);
            FrameEncoder.encodeHeader(new FrameHeader(false, bits[i], Opcode.BINARY, false, 0, 0), out);
            assertEquals(expectedFirstBytes[i], out.get(0) & 0xFF);
        }
        assertEquals(0b111, FrameHeader.RSV_ALL);
    }
}
