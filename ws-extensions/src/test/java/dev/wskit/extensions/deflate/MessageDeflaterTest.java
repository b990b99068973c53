package dev.wskit.extensions.deflate;

import static dev.wskit.extensions.deflate.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.ExtensionEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class MessageDeflaterTest {
    private static final byte[] TAIL = hex("0000ffff");
    private static final DeflateParameters SERVER_RESETS = new DeflateParameters(true, false, 0, 0);

    private final PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build());

    @Test
    void compressesHelloAsTheRfcExample() {
        ExtensionEncoder encoder = deflate.extension(DeflateParameters.NONE, Role.SERVER).encoder();
        assertEquals(0b100, encoder.startMessage(Opcode.TEXT, 5));
        assertEquals("f248cdc9c90700", hex(encode(encoder, "Hello"))); // RFC 7692 §7.2.3.1
    }

    @Test
    void secondMessageRefersToTheFirstAsTheRfcExample() {
        ExtensionEncoder encoder = deflate.extension(DeflateParameters.NONE, Role.SERVER).encoder();
        assertEquals("f248cdc9c90700", hex(encode(encoder, "Hello")));
        assertEquals("f200110000", hex(encode(encoder, "Hello"))); // RFC 7692 §7.2.3.2
    }

    @Test
    void noContextTakeoverStartsEachMessageAfresh() {
        ExtensionEncoder encoder = deflate.extension(SERVER_RESETS, Role.SERVER).encoder();
        assertEquals("f248cdc9c90700", hex(encode(encoder, "Hello")));
        assertEquals("f248cdc9c90700", hex(encode(encoder, "Hello")));
    }

    @Test
    void clientParametersApplyToTheClientCompressor() {
        ExtensionEncoder server = deflate.extension(new DeflateParameters(false, true, 0, 0), Role.SERVER).encoder();
        ExtensionEncoder client = deflate.extension(new DeflateParameters(false, true, 0, 0), Role.CLIENT).encoder();
        encode(server, "Hello");
        encode(client, "Hello");
        assertEquals("f200110000", hex(encode(server, "Hello")));
        assertEquals("f248cdc9c90700", hex(encode(client, "Hello")));
    }

    @Test
    void ownContextTakeoverOffKeepsNoContextEvenWhenAllowed() {
        PerMessageDeflate lean = new PerMessageDeflate(DeflateConfig.builder().threshold(0)
            .ownContextTakeover(false).build());
        ExtensionEncoder encoder = lean.extension(DeflateParameters.NONE, Role.SERVER).encoder();
        encode(encoder, "Hello");
        assertEquals("f248cdc9c90700", hex(encode(encoder, "Hello")));
    }

    @Test
    void emptyMessageIsASingleZeroByte() {
        ExtensionEncoder encoder = deflate.extension(DeflateParameters.NONE, Role.SERVER).encoder();
        assertEquals("00", hex(encode(encoder, ""))); // RFC 7692 §7.2.3.6
        encode(encoder, "Hello");
        assertEquals("00", hex(encode(encoder, "")));
        assertArrayEquals(new byte[0], inflateJdk(hex("00")));
    }

    @Test
    void fragmentsAreFlushedAndOnlyTheLastLosesItsTail() {
        ExtensionEncoder encoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).encoder();
        Wire.Collector first = new Wire.Collector();
        encoder.encode(utf8("Hel"), false, first);
        assertTrue(hex(first.bytes()).endsWith("0000ffff"), hex(first.bytes()));
        Wire.Collector last = new Wire.Collector();
        encoder.encode(utf8("lo"), true, last);
        assertFalse(hex(last.bytes()).endsWith("0000ffff"), hex(last.bytes()));
        assertEquals("Hello", new String(inflateJdk(concat(first.bytes(), last.bytes())), StandardCharsets.UTF_8));
    }

    @Test
    void emptyLastFragmentAfterAFlushIsASingleZeroByte() {
        ExtensionEncoder encoder = deflate.extension(DeflateParameters.NONE, Role.CLIENT).encoder();
        Wire.Collector first = new Wire.Collector();
        encoder.encode(utf8("Hello"), false, first);
        Wire.Collector last = new Wire.Collector();
        encoder.encode(ByteBuffer.allocate(0), true, last);
        assertEquals("00", hex(last.bytes())); // RFC 7692 §7.2.3.6
        assertEquals("Hello", new String(inflateJdk(concat(first.bytes(), last.bytes())), StandardCharsets.UTF_8));
    }

    @Test
    void messagesBelowTheThresholdGoOutUncompressed() {
        PerMessageDeflate thresholded = new PerMessageDeflate(DeflateConfig.builder().threshold(64).build());
        ExtensionEncoder encoder = thresholded.extension(DeflateParameters.NONE, Role.SERVER).encoder();
        assertEquals(0, encoder.startMessage(Opcode.TEXT, 63));
        assertEquals(0b100, encoder.startMessage(Opcode.BINARY, 64));
        assertEquals(0b100, encoder.startMessage(Opcode.TEXT, -1));
    }

    @Test
    void tailIsRemovedWhereverTheBufferBoundaryFalls() {
        Random random = new Random(7);
        for (int level : new int[] {0, 1, 6, 9}) {
            PerMessageDeflate leveled = new PerMessageDeflate(DeflateConfig.builder().level(level).threshold(0).build());
            ExtensionEncoder encoder = leveled.extension(DeflateParameters.NONE, Role.SERVER).encoder();
            for (int size = ZlibPools.BUFFER_SIZE - 40; size < ZlibPools.BUFFER_SIZE + 8; size++) {
                byte[] message = new byte[size];
                random.nextBytes(message);
                byte[] compressed = encode(encoder, message);
                assertFalse(hex(compressed).endsWith("0000ffff"), "level " + level + ", size " + size);
                assertArrayEquals(message, inflateJdk(compressed), "level " + level + ", size " + size);
            }
        }
    }

    @Test
    void compressorKeepsToEveryAgreedWindow() {
        List<byte[]> messages = sampleMessages();
        for (int bits = DeflateParameters.MIN_WINDOW_BITS; bits <= DeflateParameters.MAX_WINDOW_BITS; bits++) {
            for (boolean reset : new boolean[] {false, true}) {
                DeflateParameters agreed = new DeflateParameters(reset, false, bits, 0);
                ExtensionEncoder encoder = deflate.extension(agreed, Role.SERVER).encoder();
                ReferenceInflater shared = new ReferenceInflater();
                int maxDistance = 0;
                for (byte[] message : messages) {
                    ReferenceInflater reader = reset ? new ReferenceInflater() : shared;
                    byte[] inflated = reader.inflate(concat(encode(encoder, message), TAIL));
                    assertArrayEquals(message, inflated, "window " + bits + ", reset " + reset);
                    maxDistance = Math.max(maxDistance, reader.maxDistance());
                }
                assertTrue(maxDistance <= 1 << bits, "window " + bits + " reached back " + maxDistance);
                assertTrue(maxDistance > (1 << bits) / 2, "window " + bits + " only reached back " + maxDistance);
            }
        }
    }

    @Test
    void streamedFragmentsKeepToTheWindowToo() {
        DeflateParameters agreed = new DeflateParameters(false, false, 9, 0);
        ExtensionEncoder encoder = deflate.extension(agreed, Role.SERVER).encoder();
        ReferenceInflater reader = new ReferenceInflater();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (byte[] message : sampleMessages()) {
            Wire.Collector out = new Wire.Collector();
            for (int start = 0; start < message.length || start == 0; start += 333) {
                int end = Math.min(message.length, start + 333);
                encoder.encode(ByteBuffer.wrap(message, start, end - start), end == message.length, out);
            }
            sent.writeBytes(message);
            wire.writeBytes(concat(out.bytes(), TAIL));
        }
        assertArrayEquals(sent.toByteArray(), reader.inflate(wire.toByteArray()));
        assertTrue(reader.maxDistance() <= 512, "reached back " + reader.maxDistance());
    }

    @Test
    void closeReturnsTheDeflaterAndForbidsFurtherUse() {
        DeflateExtension extension = deflate.extension(DeflateParameters.NONE, Role.SERVER);
        encode(extension.encoder(), "Hello");
        int idle = deflate.pools().deflaters().idle();
        extension.close();
        extension.close();
        assertEquals(idle + 1, deflate.pools().deflaters().idle());
        assertThrows(IllegalStateException.class, () -> extension.encoder().startMessage(Opcode.TEXT, 5));
    }

    @Test
    void withoutContextTheDeflaterGoesBackAfterEachMessage() {
        DeflateExtension extension = deflate.extension(SERVER_RESETS, Role.SERVER);
        for (int i = 0; i < 100; i++) {
            encode(extension.encoder(), "Hello " + i);
        }
        assertEquals(1, deflate.pools().deflaters().created());
        assertEquals(1, deflate.pools().deflaters().idle());
    }

    static List<byte[]> sampleMessages() {
        Random random = new Random(42);
        String[] words = {"alpha", "beta", "gamma", "delta", "{\"id\":", "\"name\":", "websocket", " ", "\n"};
        List<byte[]> messages = new ArrayList<>();
        for (int size : new int[] {0, 1, 100, 300, 700, 5000, 70_000, 200}) {
            StringBuilder text = new StringBuilder();
            while (text.length() < size) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(50));
            }
            messages.add(text.substring(0, size).getBytes(StandardCharsets.UTF_8));
        }
        return messages;
    }

    static byte[] encode(ExtensionEncoder encoder, String text) {
        return encode(encoder, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] encode(ExtensionEncoder encoder, byte[] message) {
        Wire.Collector out = new Wire.Collector();
        encoder.encode(ByteBuffer.wrap(message), true, out);
        return out.bytes();
    }

    static byte[] inflateJdk(byte[] message) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(concat(message, TAIL));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int count;
            while ((count = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, count);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
