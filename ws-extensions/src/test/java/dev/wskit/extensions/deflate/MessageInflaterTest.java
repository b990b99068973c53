package dev.wskit.extensions.deflate;

import static dev.wskit.extensions.deflate.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class MessageInflaterTest {
    private static final DeflateParameters SERVER_RESETS = new DeflateParameters(true, false, 0, 0);

    private final PerMessageDeflate deflate = PerMessageDeflate.withDefaults();

    @Test
    void decodesTheRfcSingleFrameHello() {
        assertEverySplit("c107f248cdc9c90700", List.of("text Hello")); // RFC 7692 §7.2.3.1
    }

    @Test
    void decodesTheRfcFragmentedHello() {
        assertEverySplit("4103f248cd 8004c9c90700", List.of("text Hello")); // RFC 7692 §7.2.3.1
    }

    @Test
    void decodesTheRfcMessagesSharingContext() {
        assertEverySplit("c107f248cdc9c90700 c105f200110000", List.of("text Hello", "text Hello")); // §7.2.3.2
    }

    @Test
    void decodesTheRfcNoCompressionBlock() {
        assertEverySplit("c10b000500faff48656c6c6f00", List.of("text Hello")); // RFC 7692 §7.2.3.3
    }

    @Test
    void decodesTheRfcFinalBlockAndStartsTheNextMessageAfresh() {
        // RFC 7692 §7.2.3.4, then §7.2.3.1 after it
        assertEverySplit("c108f348cdc9c9070000 c107f248cdc9c90700", List.of("text Hello", "text Hello"));
    }

    @Test
    void decodesTheRfcTwoBlocksInOneMessage() {
        assertEverySplit("c10df24805000000ffffcac9c90700", List.of("text Hello")); // RFC 7692 §7.2.3.5
    }

    @Test
    void decodesTheEmptyMessageAndUncompressedOnes() {
        // RFC 7692 §7.2.3.6 (an empty message is 00), then an uncompressed message (RSV1 clear, §6)
        assertEverySplit("c10100 810548656c6c6f c20100", List.of("text ", "text Hello", "binary "));
    }

    @Test
    void finalBlockEndingExactlyAtTheMessageEndStartsTheNextMessageAfresh() {
        // RFC 7692 §7.2.3.4 without the trailing 00: the stream ends with the message's last byte
        assertEverySplit("c107f348cdc9c90700 c107f248cdc9c90700", List.of("text Hello", "text Hello"));
        byte[] noise = new byte[2000];
        new Random(5).nextBytes(noise);
        byte[] large;
        try (DeflateExtension sender = deflate.extension(DeflateParameters.NONE, Role.SERVER)) {
            large = MessageDeflaterTest.encode(sender.encoder(), noise);
        }
        ExtensionDecoder decoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).decoder();
        assertEquals("48656c6c6f", hex(inflate(decoder, hex("f348cdc9c90700"))));
        assertEquals(hex(noise), hex(inflate(decoder, large)));
        assertEquals("48656c6c6f", hex(inflate(decoder, hex("f248cdc9c90700"))));
    }

    @Test
    void finalBlockEndingALargeMessageStartsTheNextSmallMessageAfresh() {
        // RFC 7692 §7.2.3.4: a message too large to hold ends the stream; its tail then waits in vain for the next
        byte[] noise = new byte[2000];
        new Random(6).nextBytes(noise);
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(noise);
        deflater.finish();
        byte[] ended = new byte[4096];
        int length = deflater.deflate(ended);
        boolean complete = deflater.finished();
        deflater.end();
        assertTrue(complete, "final block did not fit");
        String frame = "c27e" + String.format("%04x", length) + hex(Arrays.copyOf(ended, length));
        assertEverySplit(frame + " c107f248cdc9c90700", List.of("binary " + hex(noise), "text Hello"));
    }

    @Test
    void withContextSmallChunksAreInflatedWithTheTailWhenTheMessageEnds() {
        ExtensionDecoder decoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).decoder();
        Wire.Collector out = new Wire.Collector();
        decoder.onFrameHeader(true, 0b100);
        decoder.decode(ByteBuffer.wrap(hex("f248cd")), out);
        decoder.decode(ByteBuffer.wrap(hex("c9c90700")), out);
        assertEquals(0, out.chunks());
        decoder.endMessage(out);
        assertEquals("48656c6c6f", hex(out.bytes()));
        assertEquals(1, out.chunks());
    }

    @Test
    void withoutContextEachChunkIsInflatedAtOnce() {
        ExtensionDecoder decoder = deflate.extension(SERVER_RESETS, Role.CLIENT).decoder();
        Wire.Collector out = new Wire.Collector();
        decoder.onFrameHeader(true, 0b100);
        decoder.decode(ByteBuffer.wrap(hex("f248cdc9c90700")), out);
        assertEquals("48656c6c6f", hex(out.take()));
        decoder.endMessage(out);
        assertEquals("", hex(out.take()));
    }

    @Test
    void inflatesEverySizeAroundTheHoldLimitAndTheOutputBuffer() {
        Random random = new Random(7);
        // noise compresses to a few bytes more than its size, across the 512 bytes a decoder holds
        int[][] ranges = {{0, 8}, {500, 520}, {ZlibPools.BUFFER_SIZE - 8, ZlibPools.BUFFER_SIZE + 8},
            {2 * ZlibPools.BUFFER_SIZE - 8, 2 * ZlibPools.BUFFER_SIZE + 8}};
        for (DeflateParameters agreed : List.of(DeflateParameters.NONE, SERVER_RESETS)) {
            try (DeflateExtension sender = deflate.extension(agreed, Role.SERVER);
                 DeflateExtension receiver = deflate.extension(agreed, Role.CLIENT)) {
                for (int[] range : ranges) {
                    for (int size = Math.max(0, range[0]); size <= range[1]; size++) {
                        // zeros compress to a chunk small enough to hold, noise to one that is not
                        byte[] noise = new byte[size];
                        random.nextBytes(noise);
                        for (byte[] message : List.of(new byte[size], noise)) {
                            for (boolean direct : new boolean[] {false, true}) {
                                byte[] compressed = MessageDeflaterTest.encode(sender.encoder(), message);
                                assertEquals(hex(message), hex(inflate(receiver.decoder(), compressed, direct)),
                                    agreed + " size " + size + " direct " + direct);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void heldChunkThatInflatesPastTheLimitStopsThere() {
        byte[] zeros = new byte[256 << 10];
        byte[] compressed;
        try (DeflateExtension sender = deflate.extension(DeflateParameters.NONE, Role.SERVER)) {
            compressed = MessageDeflaterTest.encode(sender.encoder(), zeros);
        }
        assertTrue(compressed.length <= 512, "not small enough to hold: " + compressed.length);
        int limit = 64 << 10;
        long[] inflated = new long[1];
        PayloadSink limited = chunk -> {
            inflated[0] += chunk.remaining();
            chunk.position(chunk.limit());
            if (inflated[0] > limit) {
                throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG, "over " + limit);
            }
        };
        ExtensionDecoder decoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).decoder();
        decoder.onFrameHeader(true, 0b100);
        decoder.decode(ByteBuffer.wrap(compressed), limited);
        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.endMessage(limited));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, e.closeCode());
        assertTrue(inflated[0] <= limit + ZlibPools.BUFFER_SIZE, "inflated " + inflated[0]);
    }

    @Test
    void compressedMessageWithAnEmptyPayloadIsEmpty() {
        assertEverySplit("c100 c107f248cdc9c90700 c100", List.of("text ", "text Hello", "text "));
    }

    @Test
    void decodesEveryWindowSize() {
        for (int bits = DeflateParameters.MIN_WINDOW_BITS; bits <= DeflateParameters.MAX_WINDOW_BITS; bits++) {
            ExtensionDecoder decoder = deflate.extension(new DeflateParameters(false, false, bits, 0), Role.CLIENT)
                .decoder();
            DeflateExtension sender = deflate.extension(new DeflateParameters(false, false, bits, 0), Role.SERVER);
            for (byte[] message : MessageDeflaterTest.sampleMessages()) {
                byte[] compressed = MessageDeflaterTest.encode(sender.encoder(), message);
                assertEquals(hex(message), hex(inflate(decoder, compressed)), "window " + bits);
            }
        }
    }

    @Test
    void corruptDataFailsWithInvalidPayload() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> receive("c10107", 1 << 20));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
        assertTrue(e.getMessage().startsWith("Invalid permessage-deflate data: "), e.getMessage());
    }

    @Test
    void referenceBeforeTheStreamFailsWithInvalidPayload() {
        // RFC 7692 §7.2.3.2's second message refers to a first message that this connection never saw
        ProtocolException e = assertThrows(ProtocolException.class, () -> receive("c105f200110000", 1 << 20));
        assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
    }

    @Test
    void compressedBitOnAContinuationFailsWithProtocolError() {
        // RFC 7692 §6.1: RSV1 belongs on the first frame only
        ProtocolException e = assertThrows(ProtocolException.class, () -> receive("4103f248cd c004c9c90700", 1 << 20));
        assertEquals(CloseCode.PROTOCOL_ERROR, e.closeCode());
    }

    @Test
    void bombStopsAtTheMessageLimit() {
        byte[] bomb = bomb(1L << 30);
        int limit = 4 << 20;
        ProtocolException e = assertThrows(ProtocolException.class, () -> receive(binaryFrame(bomb), limit));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, e.closeCode());

        long[] inflated = new long[1];
        PayloadSink limited = chunk -> {
            inflated[0] += chunk.remaining();
            if (inflated[0] > limit) {
                throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG, "over " + limit);
            }
        };
        ExtensionDecoder decoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).decoder();
        decoder.onFrameHeader(true, 0b100);
        assertThrows(ProtocolException.class, () -> decoder.decode(ByteBuffer.wrap(bomb), limited));
        assertTrue(inflated[0] <= limit + ZlibPools.BUFFER_SIZE, "inflated " + inflated[0]);
    }

    @Test
    void withoutPeerContextTheInflaterGoesBackAfterEachMessage() {
        ExtensionDecoder decoder = deflate.extension(SERVER_RESETS, Role.CLIENT).decoder();
        for (int i = 0; i < 10; i++) {
            assertEquals("48656c6c6f", hex(inflate(decoder, hex("f248cdc9c90700"))));
        }
        assertEquals(1, deflate.pools().inflaters().created());
        assertEquals(1, deflate.pools().inflaters().idle());
    }

    @Test
    void onlyStreamsBorrowedForOneMessageKeepAnOutputBuffer() {
        try (PerMessageDeflate shared = new PerMessageDeflate(DeflateConfig.builder().inflaterPoolSize(1).build())) {
            inflate(shared.extension(SERVER_RESETS, Role.CLIENT).decoder(), hex("f248cdc9c90700"));
            InflateStream stream = shared.pools().borrowInflater();
            assertTrue(stream.hasOutput());
            shared.pools().release(stream);
            try (DeflateExtension keeping = shared.extension(DeflateParameters.NONE, Role.CLIENT)) {
                assertEquals("48656c6c6f", hex(inflate(keeping.decoder(), hex("f248cdc9c90700"))));
            }
            assertSame(stream, shared.pools().borrowInflater());
            assertFalse(stream.hasOutput(), "a connection that keeps its stream would hold 16 KiB idle");
        }
    }

    @Test
    void closeReturnsTheInflaterAndForbidsFurtherUse() {
        DeflateExtension extension = deflate.extension(DeflateParameters.NONE, Role.CLIENT);
        inflate(extension.decoder(), hex("f248cdc9c90700"));
        extension.close();
        assertEquals(1, deflate.pools().inflaters().idle());
        ExtensionDecoder decoder = extension.decoder();
        decoder.onFrameHeader(true, 0b100);
        assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.wrap(hex("f2")), chunk -> { }));
    }

    @Test
    void closingInTheMiddleOfAMessageLeavesNothingToEnd() {
        for (DeflateParameters agreed : List.of(DeflateParameters.NONE, SERVER_RESETS)) {
            DeflateExtension extension = deflate.extension(agreed, Role.CLIENT);
            Wire.Collector out = new Wire.Collector();
            extension.decoder().onFrameHeader(true, 0b100);
            extension.decoder().decode(ByteBuffer.wrap(hex("f248cd")), out);
            int chunks = out.chunks();
            extension.close();
            extension.decoder().endMessage(out);
            assertEquals(chunks, out.chunks(), agreed.toString());
        }
        assertEquals(deflate.pools().inflaters().created(), deflate.pools().inflaters().idle());
    }

    private void assertEverySplit(String wire, List<String> expected) {
        for (List<ByteBuffer> pieces : Wire.splits(hex(wire))) {
            try (DeflateExtension extension = deflate.extension(DeflateParameters.NONE, Role.CLIENT)) {
                Wire.Receiver receiver = new Wire.Receiver(extension.decoder(), 1 << 20);
                pieces.forEach(receiver::receive);
                assertEquals(expected, receiver.events(), wire + " split " + pieces);
            }
        }
    }

    private List<String> receive(String wire, long limit) {
        return receive(hex(wire), limit);
    }

    private List<String> receive(byte[] wire, long limit) {
        try (DeflateExtension extension = deflate.extension(DeflateParameters.NONE, Role.CLIENT)) {
            Wire.Receiver receiver = new Wire.Receiver(extension.decoder(), limit);
            receiver.receive(ByteBuffer.wrap(wire));
            return receiver.events();
        }
    }

    static byte[] inflate(ExtensionDecoder decoder, byte[] compressed) {
        return inflate(decoder, compressed, false);
    }

    private static byte[] inflate(ExtensionDecoder decoder, byte[] compressed, boolean direct) {
        Wire.Collector out = new Wire.Collector();
        ByteBuffer chunk = direct ? ByteBuffer.allocateDirect(compressed.length) : ByteBuffer.allocate(compressed.length);
        chunk.put(compressed).flip();
        decoder.onFrameHeader(true, 0b100);
        decoder.decode(chunk, out);
        assertEquals(0, chunk.remaining());
        decoder.endMessage(out);
        return out.bytes();
    }

    /** Zeros that inflate to the given size: one flushed run of 16 MiB repeated, each copy a valid continuation. */
    private static byte[] bomb(long inflatedSize) {
        int run = 16 << 20;
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(new byte[run]);
        byte[] block = new byte[run / 256];
        int length = deflater.deflate(block, 0, block.length, Deflater.SYNC_FLUSH);
        deflater.end();
        assertTrue(length < block.length, "flushed run did not fit: " + length);
        int copies = (int) (inflatedSize / run);
        byte[] bomb = new byte[length * copies];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(block, 0, bomb, i * length, length);
        }
        return bomb;
    }

    private static byte[] binaryFrame(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(10 + payload.length);
        frame.put((byte) 0xC2).put((byte) 127).putLong(payload.length).put(payload);
        return frame.array();
    }
}
