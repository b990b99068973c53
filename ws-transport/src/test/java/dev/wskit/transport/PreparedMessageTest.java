package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.codec.spi.SharedEncoding;
import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.DeflateParameters;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A prepared message's frames: the plain one, encoded at once, and those of shared encodings, computed lazily
 * and once per distinct encoding however many connections ask at the same time.
 */
class PreparedMessageTest {
    private static final int RSV1 = 0b100;

    private static String hex(ByteBuffer bytes) {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return HexFormat.of().formatHex(copy);
    }

    @Test
    void plainFrameIsAnUnmaskedServerFrameWithReservedBitsClear() {
        PreparedMessage hello = PreparedMessage.text("Hello");
        assertEquals("810548656c6c6f", hex(hello.frame())); // RFC 6455 §5.7
        assertEquals("48656c6c6f", hex(hello.payload()));
        assertEquals(Opcode.TEXT, hello.type());
        assertEquals(5, hello.payloadLength());
        assertEquals("810548656c6c6f", hex(hello.frame(SharedEncoding.IDENTITY)));
        assertEquals(0, hello.encodedForms());
    }

    @Test
    void binaryPayloadIsCopiedAndTheCallersBufferLeftAsItWas() {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {1, 2, 3});
        PreparedMessage message = PreparedMessage.binary(data);
        data.put(0, (byte) 9);
        assertEquals(0, data.position());
        assertEquals("8203010203", hex(message.frame()));
    }

    @Test
    void serverWithoutContextTakeoverGetsTheRfcCompressedHello() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build())) {
            SharedEncoding shared = deflate.extension(new DeflateParameters(true, false, 0, 0), Role.SERVER)
                .encoder().sharedEncoding();
            // RFC 7692 §7.2.3.1: "Hello" compressed, in a frame with FIN and RSV1 set (0xc1)
            assertEquals("c107f248cdc9c90700", hex(PreparedMessage.text("Hello").frame(shared)));
        }
    }

    @Test
    void eachEncodingIsComputedOnceWhateverThreadsAskAtOnce() throws Exception {
        PreparedMessage message = PreparedMessage.text("broadcast to all");
        AtomicInteger encodings = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> frames = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                // equal encodings, distinct instances: connections each report their own
                Reversing encoding = new Reversing(i % 2, encodings);
                frames.add(threads.submit(() -> {
                    start.await();
                    return hex(message.frame(encoding));
                }));
            }
            start.countDown();
            for (int i = 0; i < frames.size(); i++) {
                String expected = "c110" + HexFormat.of().formatHex(
                    new StringBuilder("broadcast to all").reverse().toString().getBytes(StandardCharsets.UTF_8));
                assertEquals(i % 2 == 0 ? expected : expected.replaceFirst("^c1", "d1"), frames.get(i).get());
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(2, encodings.get());
        assertEquals(2, message.encodedForms());
    }

    @Test
    void encodingThatLeavesTheMessageAloneGivesThePlainFrame() {
        PreparedMessage message = PreparedMessage.text("small");
        AtomicInteger encodings = new AtomicInteger();
        assertEquals(hex(message.frame()), hex(message.frame(new Reversing(-1, encodings))));
        assertEquals(0, encodings.get());
    }

    @Test
    void uncompressedMessageNeverAsksAnEncoding() {
        PreparedMessage message = PreparedMessage.binary(ByteBuffer.wrap(new byte[] {7}), Compression.NONE);
        AtomicInteger encodings = new AtomicInteger();
        assertEquals("820107", hex(message.frame(new Reversing(0, encodings))));
        assertEquals(Compression.NONE, message.compression());
        assertEquals(0, encodings.get());
        assertEquals(0, message.encodedForms());
    }

    @Test
    void framesAreReadOnlyViewsThatDoNotShareAPosition() {
        PreparedMessage message = PreparedMessage.text("Hello");
        ByteBuffer first = message.frame(new Reversing(0, new AtomicInteger()));
        first.position(first.limit());
        assertTrue(first.isReadOnly());
        assertEquals(7, message.frame(new Reversing(0, new AtomicInteger())).remaining());
    }

    /**
     * A stand-in shared encoding that reverses the message and marks it with RSV1, or RSV1 and RSV3 for
     * {@code kind} 1, or leaves it alone for {@code kind} -1; equal for equal kinds, counting its work.
     */
    private record Reversing(int kind, AtomicInteger encodings) implements SharedEncoding {
        @Override
        public int startMessage(Opcode type, long size) {
            return kind < 0 ? 0 : kind == 0 ? RSV1 : RSV1 | 0b001;
        }

        @Override
        public void encode(ByteBuffer message, PayloadSink sink) {
            encodings.incrementAndGet();
            byte[] bytes = new byte[message.remaining()];
            for (int i = bytes.length - 1; i >= 0; i--) {
                bytes[i] = message.get();
            }
            sink.accept(ByteBuffer.wrap(bytes));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Reversing that && that.kind == kind;
        }

        @Override
        public int hashCode() {
            return kind;
        }
    }
}
