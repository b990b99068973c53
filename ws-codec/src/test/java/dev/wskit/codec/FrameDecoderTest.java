package dev.wskit.codec;

import static dev.wskit.codec.RecordingFrameListener.header;
import static dev.wskit.codec.Splits.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static List<String> decodeEverySplit(Role role, int allowedRsv, byte[] input) {
        List<String> first = null;
        for (List<ByteBuffer> pieces : Splits.of(input)) {
            FrameDecoder decoder = new FrameDecoder(role).allowedRsv(allowedRsv);
            RecordingFrameListener listener = new RecordingFrameListener();
            for (ByteBuffer piece : pieces) {
                decoder.decode(piece, listener);
                assertEquals(piece.limit(), piece.position(), "decoder must consume all input");
            }
            assertTrue(decoder.isAtFrameBoundary());
            if (first == null) {
                first = listener.events();
            } else {
                assertEquals(first, listener.events(), "events depend on the split " + pieces);
            }
        }
        return first;
    }

    private static void assertFailsEverySplit(Role role, byte[] input, CloseCode expected) {
        for (List<ByteBuffer> pieces : Splits.of(input)) {
            FrameDecoder decoder = new FrameDecoder(role).maxPayloadLength(1 << 20);
            RecordingFrameListener listener = new RecordingFrameListener();
            ProtocolException e = assertThrows(ProtocolException.class, () -> {
                for (ByteBuffer piece : pieces) {
                    decoder.decode(piece, listener);
                }
            });
            assertEquals(expected, e.closeCode(), e.getMessage());
        }
    }

    @Test
    void decodingStopsAfterTheFrameWhoseEndAskedForIt() {
        // RFC 6455 §5.7: an unmasked Ping "Hello", then an unmasked text "Hello"
        byte[] input = hex("890548656c6c6f 810548656c6c6f");
        for (List<ByteBuffer> pieces : Splits.of(input)) {
            FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
            RecordingFrameListener recorder = new RecordingFrameListener();
            FrameListener stopAfterFirst = new FrameListener() {
                private boolean stopped;

                @Override
                public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
                    recorder.onHeader(fin, rsv, opcode, payloadLength);
                }

                @Override
                public void onPayload(ByteBuffer chunk) {
                    recorder.onPayload(chunk);
                }

                @Override
                public void onFrameEnd() {
                    recorder.onFrameEnd();
                    if (!stopped) {
                        stopped = true;
                        decoder.stopAtFrameEnd();
                    }
                }
            };
            int consumedBeforeStop = -1;
            int offset = 0;
            for (ByteBuffer piece : pieces) {
                decoder.decode(piece, stopAfterFirst);
                if (piece.hasRemaining()) {
                    assertEquals(-1, consumedBeforeStop, "only one stop was asked for " + pieces);
                    consumedBeforeStop = offset + piece.position();
                    decoder.decode(piece, stopAfterFirst);
                }
                assertEquals(piece.limit(), piece.position(), "a later decode goes on " + pieces);
                offset += piece.limit();
            }
            assertTrue(consumedBeforeStop == -1 || consumedBeforeStop == 7, "stopped inside a frame " + pieces);
            assertEquals(List.of(header(true, 0, Opcode.PING, 5), "payload 48656c6c6f", "end",
                header(true, 0, Opcode.TEXT, 5), "payload 48656c6c6f", "end"), recorder.events());
        }
    }

    @Test
    void decodesUnmaskedTextFrameOfRfcExample() {
        List<String> events = decodeEverySplit(Role.CLIENT, 0, hex("810548656c6c6f")); // RFC 6455 §5.7
        assertEquals(List.of(header(true, 0, Opcode.TEXT, 5), "payload 48656c6c6f", "end"), events);
    }

    @Test
    void unmasksMaskedTextFrameOfRfcExample() {
        List<String> events = decodeEverySplit(Role.SERVER, 0, hex("818537fa213d7f9f4d5158")); // RFC 6455 §5.7
        assertEquals(List.of(header(true, 0, Opcode.TEXT, 5), "payload 48656c6c6f", "end"), events);
    }

    @Test
    void decodesFragmentedTextOfRfcExample() {
        List<String> events = decodeEverySplit(Role.CLIENT, 0, hex("010348656c 80026c6f")); // RFC 6455 §5.7
        assertEquals(List.of(header(false, 0, Opcode.TEXT, 3), "payload 48656c", "end",
            header(true, 0, Opcode.CONTINUATION, 2), "payload 6c6f", "end"), events);
    }

    @Test
    void decodesPingAndMaskedPongOfRfcExample() {
        assertEquals(List.of(header(true, 0, Opcode.PING, 5), "payload 48656c6c6f", "end"),
            decodeEverySplit(Role.CLIENT, 0, hex("890548656c6c6f"))); // RFC 6455 §5.7
        assertEquals(List.of(header(true, 0, Opcode.PONG, 5), "payload 48656c6c6f", "end"),
            decodeEverySplit(Role.SERVER, 0, hex("8a8537fa213d7f9f4d5158"))); // RFC 6455 §5.7
    }

    @Test
    void decodesSixteenBitLengthOfRfcExample() {
        byte[] payload = new byte[256];
        Arrays.fill(payload, (byte) 0x5a);
        byte[] input = concat(hex("827e0100"), payload); // RFC 6455 §5.7: 256 bytes binary
        List<String> events = decodeEverySplit(Role.CLIENT, 0, input);
        assertEquals(List.of(header(true, 0, Opcode.BINARY, 256), "payload " + hexOf(payload), "end"), events);
    }

    @Test
    void decodesSixtyFourBitLengthOfRfcExample() {
        byte[] payload = new byte[65536];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] input = concat(hex("827f0000000000010000"), payload); // RFC 6455 §5.7: 64 KiB binary
        for (int cut : new int[] {0, 1, 5, 10, 11, 40000}) {
            FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
            RecordingFrameListener listener = new RecordingFrameListener();
            decoder.decode(ByteBuffer.wrap(input, 0, cut), listener);
            decoder.decode(ByteBuffer.wrap(input, cut, input.length - cut), listener);
            assertEquals(List.of(header(true, 0, Opcode.BINARY, 65536), "payload " + hexOf(payload), "end"),
                listener.events());
        }
    }

    @Test
    void decodesEmptyFramesAndSeveralFramesInOneBuffer() {
        List<String> events = decodeEverySplit(Role.CLIENT, 0, hex("8100 8900 8a00 8800"));
        assertEquals(List.of(header(true, 0, Opcode.TEXT, 0), "end", header(true, 0, Opcode.PING, 0), "end",
            header(true, 0, Opcode.PONG, 0), "end", header(true, 0, Opcode.CLOSE, 0), "end"), events);
    }

    @Test
    void readsLengthsInNetworkOrderFromLittleEndianBuffers() {
        byte[] input = concat(hex("827e0100"), new byte[256]);
        ByteBuffer buffer = ByteBuffer.wrap(input).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        RecordingFrameListener listener = new RecordingFrameListener();
        new FrameDecoder(Role.CLIENT).decode(buffer, listener);
        assertEquals(header(true, 0, Opcode.BINARY, 256), listener.events().get(0));
    }

    @Test
    void reservedOpcodesFailWithProtocolError() {
        for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            assertFailsEverySplit(Role.CLIENT, new byte[] {(byte) (0x80 | opcode), 0}, CloseCode.PROTOCOL_ERROR);
        }
    }

    @Test
    void reservedBitsFailUnlessAnExtensionClaimsThem() {
        for (int rsv = 1; rsv < 8; rsv++) {
            assertFailsEverySplit(Role.CLIENT, new byte[] {(byte) (0x81 | rsv << 4), 0}, CloseCode.PROTOCOL_ERROR);
        }
        assertEquals(List.of(header(true, 0b100, Opcode.TEXT, 0), "end"),
            decodeEverySplit(Role.CLIENT, 0b100, hex("c100")));
    }

    @Test
    void controlFramesMustBeFinalShortAndWithoutReservedBits() {
        assertFailsEverySplit(Role.CLIENT, hex("0900"), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(Role.CLIENT, concat(hex("897e007e"), new byte[126]), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(Role.CLIENT, hex("c900"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void serverRejectsUnmaskedFrame() {
        assertFailsEverySplit(Role.SERVER, hex("810548656c6c6f"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void clientRejectsMaskedFrame() {
        assertFailsEverySplit(Role.CLIENT, hex("818537fa213d7f9f4d5158"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void nonMinimalLengthEncodingsFail() {
        assertFailsEverySplit(Role.CLIENT, hex("827e007d"), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(Role.CLIENT, hex("827f000000000000ffff"), CloseCode.PROTOCOL_ERROR);
        assertFailsEverySplit(Role.CLIENT, hex("827f0000000000000000"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void sixtyFourBitLengthWithTopBitSetFails() {
        assertFailsEverySplit(Role.CLIENT, hex("827f8000000000000000"), CloseCode.PROTOCOL_ERROR);
    }

    @Test
    void frameLongerThanTheLimitFailsWithMessageTooBigBeforeItsPayload() {
        assertFailsEverySplit(Role.CLIENT, hex("827f0000000000200000"), CloseCode.MESSAGE_TOO_BIG);
    }

    @Test
    void decoderIsPoisonedAfterAFailure() {
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
        RecordingFrameListener listener = new RecordingFrameListener();
        assertThrows(ProtocolException.class, () -> decoder.decode(ByteBuffer.wrap(hex("8300")), listener));
        assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.wrap(hex("8100")), listener));
    }

    @Test
    void everyHeaderOfTheCrossProductDecodesOrFailsAsTheRulesSay() {
        long[] lengths = {0, 125, 126, 65535, 65536, 1L << 31};
        int checked = 0;
        for (boolean fin : new boolean[] {true, false}) {
            for (int rsv = 0; rsv < 8; rsv++) {
                for (int code = 0; code < 16; code++) {
                    for (long length : lengths) {
                        for (boolean masked : new boolean[] {true, false}) {
                            checkHeader(fin, rsv, code, length, masked);
                            checked++;
                        }
                    }
                }
            }
        }
        assertEquals(2 * 8 * 16 * 6 * 2, checked);
    }

    private static void checkHeader(boolean fin, int rsv, int code, long length, boolean masked) {
        byte[] header = referenceHeader(fin, rsv, code, length, masked);
        Role role = masked ? Role.SERVER : Role.CLIENT;
        int allowedRsv = 0b100;
        Opcode opcode = Opcode.lookup(code);
        boolean valid = opcode != null
            && (opcode.isControl() ? fin && rsv == 0 && length <= 125 : (rsv & ~allowedRsv) == 0);
        String context = HexFormat.of().formatHex(header);
        for (List<ByteBuffer> pieces : Splits.of(header)) {
            FrameDecoder decoder = new FrameDecoder(role).allowedRsv(allowedRsv);
            RecordingFrameListener listener = new RecordingFrameListener();
            if (valid) {
                pieces.forEach(piece -> decoder.decode(piece, listener));
                List<String> expected = new ArrayList<>(List.of(header(fin, rsv, opcode, length)));
                if (length == 0) {
                    expected.add("end");
                }
                assertEquals(expected, listener.events(), context);
            } else {
                ProtocolException e = assertThrows(ProtocolException.class,
                    () -> pieces.forEach(piece -> decoder.decode(piece, listener)), context);
                assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode(), context);
            }
        }
    }

    /** A header written by hand from RFC 6455 §5.2, independent of the encoder under test. */
    private static byte[] referenceHeader(boolean fin, int rsv, int opcode, long length, boolean masked) {
        ByteBuffer out = ByteBuffer.allocate(14);
        out.put((byte) ((fin ? 0x80 : 0) | rsv << 4 | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            out.put((byte) (maskBit | length));
        } else if (length < 65536) {
            out.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            out.put((byte) (maskBit | 127)).putLong(length);
        }
        if (masked) {
            out.putInt(0x37fa213d);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
