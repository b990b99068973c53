package dev.wskit.codec;

import static dev.wskit.codec.RecordingFrameListener.header;
import static dev.wskit.codec.Splits.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    private static FrameEncoder server() {
        return new FrameEncoder(Role.SERVER);
    }

    private static FrameEncoder client() {
        return new FrameEncoder(Role.CLIENT, new FixedMaskKeys(FixedMaskKeys.RFC_KEY));
    }

    /** Encodes one frame into a buffer large enough for it, in one call. */
    private static String encodeAtOnce(FrameEncoder encoder, boolean fin, int rsv, Opcode opcode, byte[] payload) {
        ByteBuffer dst = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + payload.length);
        assertTrue(encoder.encode(fin, rsv, opcode, ByteBuffer.wrap(payload), dst));
        assertTrue(encoder.isIdle());
        assertEquals(0, encoder.pendingBytes());
        return HexFormat.of().formatHex(dst.array(), 0, dst.position());
    }

    /** Encodes one frame through buffers of the given sizes, cycling through them. */
    private static byte[] encodeThrough(FrameEncoder encoder, boolean fin, int rsv, Opcode opcode, byte[] payload,
                                        int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.begin(fin, rsv, opcode, ByteBuffer.wrap(payload));
        long total = encoder.pendingBytes();
        boolean done = false;
        for (int i = 0; !done; i++) {
            ByteBuffer dst = ByteBuffer.allocate(sizes[i % sizes.length]);
            done = encoder.encode(dst);
            if (!done) {
                assertFalse(dst.hasRemaining(), "encode stopped with room left");
            }
            out.write(dst.array(), 0, dst.position());
            assertEquals(total - out.size(), encoder.pendingBytes());
        }
        assertTrue(encoder.isIdle());
        return out.toByteArray();
    }

    @Test
    void serverEncodesUnmaskedTextFrameOfRfcExample() {
        assertEquals("810548656c6c6f", encodeAtOnce(server(), true, 0, Opcode.TEXT, HELLO)); // RFC 6455 §5.7
    }

    @Test
    void clientMasksTextFrameOfRfcExampleWithTheGivenKey() {
        assertEquals("818537fa213d7f9f4d5158", encodeAtOnce(client(), true, 0, Opcode.TEXT, HELLO)); // RFC 6455 §5.7
    }

    @Test
    void encodesFragmentedTextOfRfcExample() {
        FrameEncoder encoder = server();
        byte[] first = "Hel".getBytes(StandardCharsets.US_ASCII);
        byte[] last = "lo".getBytes(StandardCharsets.US_ASCII);
        assertEquals("010348656c", encodeAtOnce(encoder, false, 0, Opcode.TEXT, first)); // RFC 6455 §5.7
        assertEquals("80026c6f", encodeAtOnce(encoder, true, 0, Opcode.CONTINUATION, last)); // RFC 6455 §5.7
    }

    @Test
    void encodesPingAndMaskedPongOfRfcExample() {
        assertEquals("890548656c6c6f", encodeAtOnce(server(), true, 0, Opcode.PING, HELLO)); // RFC 6455 §5.7
        assertEquals("8a8537fa213d7f9f4d5158", encodeAtOnce(client(), true, 0, Opcode.PONG, HELLO)); // RFC 6455 §5.7
    }

    @Test
    void encodesSixteenBitLengthOfRfcExample() {
        byte[] payload = new byte[256];
        new Random(256).nextBytes(payload);
        String frame = encodeAtOnce(server(), true, 0, Opcode.BINARY, payload);
        assertEquals("827e0100" + HexFormat.of().formatHex(payload), frame); // RFC 6455 §5.7: 256 bytes binary
    }

    @Test
    void encodesSixtyFourBitLengthOfRfcExample() {
        byte[] payload = new byte[65536];
        new Random(65536).nextBytes(payload);
        String frame = encodeAtOnce(server(), true, 0, Opcode.BINARY, payload);
        assertEquals("827f0000000000010000" + HexFormat.of().formatHex(payload), frame); // RFC 6455 §5.7: 64 KiB
    }

    @Test
    void usesTheShortestLengthEncoding() {
        // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length
        String[][] cases = {
            {"0", "8200", "828037fa213d"},
            {"125", "827d", "82fd37fa213d"},
            {"126", "827e007e", "82fe007e37fa213d"},
            {"65535", "827effff", "82feffff37fa213d"},
            {"65536", "827f0000000000010000", "82ff000000000001000037fa213d"}};
        for (String[] c : cases) {
            byte[] payload = new byte[Integer.parseInt(c[0])];
            String frame = encodeAtOnce(server(), true, 0, Opcode.BINARY, payload);
            assertEquals(c[1], frame.substring(0, c[1].length()), c[0]);
            assertEquals(c[1].length() / 2 + payload.length, frame.length() / 2, c[0]);
            String masked = encodeAtOnce(client(), true, 0, Opcode.BINARY, payload);
            assertEquals(c[2], masked.substring(0, c[2].length()), c[0]);
            assertEquals(c[2].length() / 2 + payload.length, masked.length() / 2, c[0]);
        }
    }

    @Test
    void writesReservedBitsAndFinAsGiven() {
        for (int rsv = 0; rsv < 8; rsv++) {
            String frame = encodeAtOnce(server(), rsv % 2 == 0, rsv, Opcode.BINARY, new byte[0]);
            int first = (rsv % 2 == 0 ? 0x80 : 0) | rsv << 4 | 0x2;
            assertEquals(String.format("%02x00", first), frame, "rsv=" + rsv);
        }
    }

    @Test
    void encodingIntoOneByteBuffersGivesTheSameBytesAsAtOnce() {
        for (int length : new int[] {0, 1, 5, 125, 126, 300, 65536}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            for (boolean isClient : new boolean[] {false, true}) {
                String atOnce = encodeAtOnce(isClient ? client() : server(), true, 0, Opcode.BINARY, payload);
                byte[] bytewise = encodeThrough(isClient ? client() : server(), true, 0, Opcode.BINARY, payload, 1);
                assertEquals(atOnce, HexFormat.of().formatHex(bytewise), length + " client=" + isClient);
            }
        }
    }

    @Test
    void encodingIntoRandomSmallBuffersGivesTheSameBytesAsAtOnce() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int length = random.nextInt(3) == 0 ? random.nextInt(70000) : random.nextInt(300);
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            int[] sizes = new int[1 + random.nextInt(5)];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = random.nextInt(length > 1000 ? 2000 : 20);
            }
            sizes[0] = Math.max(1, sizes[0]);
            boolean isClient = random.nextBoolean();
            String atOnce = encodeAtOnce(isClient ? client() : server(), true, 0, Opcode.BINARY, payload);
            byte[] pieces = encodeThrough(isClient ? client() : server(), true, 0, Opcode.BINARY, payload, sizes);
            assertEquals(atOnce, HexFormat.of().formatHex(pieces), "round " + round);
        }
    }

    @Test
    void encodeIntoAFullBufferWritesNothingAndResumes() {
        FrameEncoder encoder = client();
        encoder.begin(true, 0, Opcode.TEXT, ByteBuffer.wrap(HELLO));
        assertFalse(encoder.encode(ByteBuffer.allocate(0)));
        assertEquals(11, encoder.pendingBytes());
        ByteBuffer dst = ByteBuffer.allocate(11);
        assertTrue(encoder.encode(dst));
        assertEquals("818537fa213d7f9f4d5158", HexFormat.of().formatHex(dst.array())); // RFC 6455 §5.7
    }

    @Test
    void encodeWithoutAFrameIsDone() {
        FrameEncoder encoder = server();
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertTrue(encoder.isIdle());
        assertTrue(encoder.encode(dst));
        assertEquals(0, dst.position());
    }

    @Test
    void wholeFrameEncodeWritesNothingWhenTheBufferIsTooSmall() {
        for (boolean isClient : new boolean[] {false, true}) {
            for (int length : new int[] {0, 5, 126, 65536}) {
                FrameEncoder encoder = isClient ? client() : server();
                int needed = FrameHeader.encodedLength(length, isClient) + length;
                ByteBuffer payload = ByteBuffer.allocate(length);
                ByteBuffer dst = ByteBuffer.allocate(needed - 1);
                assertFalse(encoder.encode(true, 0, Opcode.BINARY, payload, dst));
                assertEquals(0, dst.position(), "nothing written");
                assertEquals(0, payload.position(), "payload not consumed");
                assertTrue(encoder.isIdle());
                assertEquals(0, encoder.pendingBytes());
                ByteBuffer exact = ByteBuffer.allocate(needed);
                assertTrue(encoder.encode(true, 0, Opcode.BINARY, payload, exact));
                assertFalse(exact.hasRemaining());
                assertFalse(payload.hasRemaining());
            }
        }
    }

    @Test
    void controlFrameMustBeFinal() {
        // RFC 6455 §5.5: control frames MUST NOT be fragmented
        for (Opcode opcode : new Opcode[] {Opcode.CLOSE, Opcode.PING, Opcode.PONG}) {
            FrameEncoder encoder = server();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.begin(false, 0, opcode, ByteBuffer.allocate(0)));
            assertEquals("Control frame must be final: " + opcode, e.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(false, 0, opcode, ByteBuffer.allocate(0), ByteBuffer.allocate(16)));
            assertTrue(encoder.isIdle());
        }
    }

    @Test
    void controlFramePayloadIsAtMost125Bytes() {
        // RFC 6455 §5.5: control frames MUST have a payload of 125 bytes or less
        for (Opcode opcode : new Opcode[] {Opcode.CLOSE, Opcode.PING, Opcode.PONG}) {
            FrameEncoder encoder = client();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encoder.begin(true, 0, opcode, ByteBuffer.allocate(126)));
            assertEquals("Control frame payload too long: 126 > 125", e.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> encoder.encode(true, 0, opcode, ByteBuffer.allocate(126), ByteBuffer.allocate(1000)));
            assertTrue(encoder.isIdle());
            assertTrue(encoder.encode(true, 0, opcode, ByteBuffer.allocate(125), ByteBuffer.allocate(1000)));
        }
    }

    @Test
    void misuseIsReportedEvenWhenTheBufferIsTooSmall() {
        FrameEncoder encoder = server();
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(true, 0, Opcode.PING, ByteBuffer.allocate(126), ByteBuffer.allocate(0)));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.encode(false, 0, Opcode.CLOSE, ByteBuffer.allocate(0), ByteBuffer.allocate(0)));
        encoder.begin(true, 0, Opcode.BINARY, ByteBuffer.allocate(10));
        assertThrows(IllegalStateException.class,
            () -> encoder.encode(true, 0, Opcode.BINARY, ByteBuffer.allocate(1), ByteBuffer.allocate(0)));
    }

    @Test
    void reservedBitsOutOfRangeAreRejected() {
        FrameEncoder encoder = server();
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertThrows(IllegalArgumentException.class, () -> encoder.begin(true, 8, Opcode.TEXT, empty));
        assertThrows(IllegalArgumentException.class, () -> encoder.begin(true, -1, Opcode.TEXT, empty));
        assertTrue(encoder.isIdle());
    }

    @Test
    void beginningAFrameWhileOneIsUnfinishedFails() {
        FrameEncoder encoder = server();
        encoder.begin(false, 0, Opcode.TEXT, ByteBuffer.wrap(HELLO));
        assertFalse(encoder.encode(ByteBuffer.allocate(3)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> encoder.begin(true, 0, Opcode.CONTINUATION, ByteBuffer.allocate(0)));
        assertEquals("Previous frame unfinished: 4 bytes left", e.getMessage());
        ByteBuffer rest = ByteBuffer.allocate(4);
        assertTrue(encoder.encode(rest));
        assertEquals("656c6c6f", HexFormat.of().formatHex(rest.array()));
    }

    @Test
    void maskingStartsAfreshOnEveryFrame() {
        // a 3-byte frame leaves the mask at phase 3; the next frame must start at phase 0 with a new key
        FrameEncoder encoder = client();
        encodeAtOnce(encoder, false, 0, Opcode.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII));
        assertEquals("818537fa213d7f9f4d5158", encodeAtOnce(encoder, true, 0, Opcode.TEXT, HELLO)); // RFC 6455 §5.7
        byte[] bytewise = encodeThrough(encoder, true, 0, Opcode.TEXT, HELLO, 1);
        assertEquals("818537fa213d7f9f4d5158", HexFormat.of().formatHex(bytewise)); // RFC 6455 §5.7
    }

    @Test
    void clientKeysAreTheGeneratorsBytesInOrderBigEndian() {
        // the generator's bytes 00 01 02 ... give keys 00010203, 04050607, ...; 40 frames span three draws
        AtomicInteger draws = new AtomicInteger();
        RandomGenerator counting = new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                throw new AssertionError("keys must be drawn with nextBytes");
            }

            @Override
            public void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) next++;
                }
            }
        };
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, counting);
        for (int frame = 0; frame < 40; frame++) {
            String hex = encodeAtOnce(encoder, true, 0, Opcode.BINARY, new byte[0]);
            int first = frame * 4;
            assertEquals(String.format("8280%02x%02x%02x%02x", first & 0xFF, (first + 1) & 0xFF,
                (first + 2) & 0xFF, (first + 3) & 0xFF), hex);
        }
        assertEquals(3, draws.get());
    }

    @Test
    void serverNeverDrawsKeys() {
        RandomGenerator none = () -> {
            throw new AssertionError("a server does not mask");
        };
        FrameEncoder encoder = new FrameEncoder(Role.SERVER, none);
        assertEquals("8100", encodeAtOnce(encoder, true, 0, Opcode.TEXT, new byte[0]));
    }

    @Test
    void detachingWritesTheHeaderAndHandsOverTheRestOfAnUnmaskedPayload() {
        FrameEncoder encoder = server();
        ByteBuffer payload = ByteBuffer.wrap(HELLO);
        encoder.begin(true, 0, Opcode.TEXT, payload);
        ByteBuffer tiny = ByteBuffer.allocate(1);
        assertEquals(null, encoder.encodeDetachingPayload(tiny));
        ByteBuffer rest = ByteBuffer.allocate(8);
        ByteBuffer detached = encoder.encodeDetachingPayload(rest);
        assertEquals("81", HexFormat.of().formatHex(tiny.array()));
        assertEquals("05", HexFormat.of().formatHex(rest.array(), 0, rest.position())); // RFC 6455 §5.7
        assertEquals(ByteBuffer.wrap(HELLO), detached);
        assertFalse(payload.hasRemaining());
        assertTrue(encoder.isIdle());
    }

    @Test
    void maskedPayloadsCannotBeDetached() {
        FrameEncoder encoder = client();
        assertFalse(encoder.isPayloadVerbatim());
        encoder.begin(true, 0, Opcode.TEXT, ByteBuffer.wrap(HELLO));
        assertThrows(IllegalStateException.class, () -> encoder.encodeDetachingPayload(ByteBuffer.allocate(16)));
    }

    @Test
    void headerLengthDoesNotCarryOverBetweenFrames() {
        FrameEncoder encoder = server();
        encodeThrough(encoder, true, 0, Opcode.BINARY, new byte[65536], 7);
        byte[] bytewise = encodeThrough(encoder, true, 0, Opcode.TEXT, HELLO, 1);
        assertEquals("810548656c6c6f", HexFormat.of().formatHex(bytewise)); // RFC 6455 §5.7
        assertEquals("810548656c6c6f", encodeAtOnce(encoder, true, 0, Opcode.TEXT, HELLO)); // RFC 6455 §5.7
    }

    @Test
    void clientFramesDecodeOnAServerToTheSameHeadersAndPayloads() {
        roundTrip(Role.CLIENT, new Random(6455));
    }

    @Test
    void serverFramesDecodeOnAClientToTheSameHeadersAndPayloads() {
        roundTrip(Role.SERVER, new Random(5455));
    }

    /** Random frames of every opcode, flag and length class, through one encoder and one decoder in a row. */
    private static void roundTrip(Role sender, Random random) {
        Role receiver = sender == Role.CLIENT ? Role.SERVER : Role.CLIENT;
        FrameEncoder encoder = new FrameEncoder(sender, random);
        FrameDecoder decoder = new FrameDecoder(receiver).allowedRsv(0b111);
        RecordingFrameListener listener = new RecordingFrameListener();
        Opcode[] opcodes = Opcode.values();
        for (int i = 0; i < 1000; i++) {
            Opcode opcode = opcodes[random.nextInt(opcodes.length)];
            boolean control = opcode.isControl();
            boolean fin = control || random.nextBoolean();
            int rsv = control ? 0 : random.nextInt(8);
            byte[] payload = new byte[randomLength(random, control)];
            random.nextBytes(payload);
            byte[] wire = random.nextInt(4) == 0
                ? encodeThrough(encoder, fin, rsv, opcode, payload, 1 + random.nextInt(9), 1 + random.nextInt(300))
                : HexFormat.of().parseHex(encodeAtOnce(encoder, fin, rsv, opcode, payload));
            assertEquals(FrameHeader.encodedLength(payload.length, sender.masksOutgoing()) + payload.length,
                wire.length);
            int cut = random.nextInt(wire.length + 1);
            decoder.decode(ByteBuffer.wrap(wire, 0, cut), listener);
            decoder.decode(ByteBuffer.wrap(wire, cut, wire.length - cut), listener);
            assertTrue(decoder.isAtFrameBoundary());
            List<String> expected = new ArrayList<>(List.of(header(fin, rsv, opcode, payload.length)));
            if (payload.length > 0) {
                expected.add("payload " + HexFormat.of().formatHex(payload));
            }
            expected.add("end");
            assertEquals(expected, listener.events(), "frame " + i);
            listener.events().clear();
        }
    }

    private static int randomLength(Random random, boolean control) {
        if (control) {
            return random.nextInt(126);
        }
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 125 + random.nextInt(3);
            case 2 -> 65534 + random.nextInt(4);
            case 3 -> 65536 + random.nextInt(5000);
            default -> random.nextInt(400);
        };
    }
}
