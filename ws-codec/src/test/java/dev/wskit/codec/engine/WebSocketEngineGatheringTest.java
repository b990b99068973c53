package dev.wskit.codec.engine;

import static dev.wskit.codec.RecordingFrameListener.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.FixedMaskKeys;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.RecordingFrameListener;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Message;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link WebSocketEngine#wrapGathering}: large payloads that go out unchanged are handed over instead of
 * copied, and the bytes on the wire are exactly those {@link WebSocketEngine#wrap} would write.
 */
class WebSocketEngineGatheringTest {
    private static final int MIN_DETACHED = 1024;

    /** One engine whose output is written as a transport would: dst's bytes, then the detached payload. */
    private static final class Wire {
        final WebSocketEngine engine;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final RecordingFrameListener frames = new RecordingFrameListener();
        final FrameDecoder decoder;
        int detachments;

        Wire(Role role, UnaryOperator<EngineConfig.Builder> config) {
            EngineConfig built = config.apply(EngineConfig.builder()
                .maskKeys(new FixedMaskKeys(FixedMaskKeys.RFC_KEY))).build();
            engine = new WebSocketEngine(role, built, List.of(), new RecordingEngineListener());
            decoder = new FrameDecoder(role == Role.CLIENT ? Role.SERVER : Role.CLIENT);
        }

        /** Wraps once with gathering into a buffer of the given size and writes what came out. */
        ByteBuffer wrapOnce(int size) {
            ByteBuffer dst = ByteBuffer.allocate(size);
            ByteBuffer detached = engine.wrapGathering(dst, MIN_DETACHED);
            write(dst.flip());
            if (detached != null) {
                detachments++;
                write(detached.duplicate());
            }
            return detached;
        }

        void drain(int size) {
            for (int rounds = 0; engine.hasOutput(); rounds++) {
                assertTrue(rounds < 10_000, "output never ends");
                wrapOnce(size);
            }
        }

        private void write(ByteBuffer chunk) {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            bytes.writeBytes(copy);
            decoder.decode(ByteBuffer.wrap(copy), frames);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The bytes plain {@link WebSocketEngine#wrap} writes for the same sends. */
    private static byte[] copiedWire(Role role, UnaryOperator<EngineConfig.Builder> config, List<Message> sends) {
        EngineConfig built = config.apply(EngineConfig.builder()
            .maskKeys(new FixedMaskKeys(FixedMaskKeys.RFC_KEY))).build();
        WebSocketEngine engine = new WebSocketEngine(role, built, List.of(), new RecordingEngineListener());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Message send : sends) {
            engine.send(send);
            while (engine.hasOutput()) {
                ByteBuffer dst = ByteBuffer.allocate(1 << 20);
                engine.wrap(dst);
                out.write(dst.array(), 0, dst.position());
            }
        }
        return out.toByteArray();
    }

    @Test
    void serverPayloadFromTheThresholdOnIsHandedOverAfterItsHeader() {
        byte[] payload = random(4096, 1);
        ByteBuffer sent = ByteBuffer.wrap(payload);
        Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
        wire.engine.send(new Message.Binary(sent));
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        ByteBuffer detached = wire.engine.wrapGathering(dst, MIN_DETACHED);
        assertEquals("827e1000", HexFormat.of().formatHex(dst.array(), 0, dst.position())); // RFC 6455 §5.2
        assertNotNull(detached);
        assertEquals(ByteBuffer.wrap(payload), detached);
        assertSame(payload, detached.array(), "the payload must not be copied");
        assertFalse(wire.engine.hasOutput());
        assertEquals(0, wire.engine.pendingOutputBytes());
    }

    @Test
    void payloadsBelowTheThresholdAreCopiedAsByWrap() {
        Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
        byte[] payload = random(MIN_DETACHED - 1, 2);
        wire.engine.send(new Message.Binary(ByteBuffer.wrap(payload)));
        assertNull(wire.wrapOnce(64 * 1024));
        assertArrayEquals(copiedWire(Role.SERVER, UnaryOperator.identity(),
            List.of(new Message.Binary(ByteBuffer.wrap(payload)))), wire.bytes.toByteArray());
    }

    @Test
    void clientPayloadsAreAlwaysMaskedIntoTheBuffer() {
        Wire wire = new Wire(Role.CLIENT, UnaryOperator.identity());
        byte[] payload = random(8192, 3);
        wire.engine.send(new Message.Binary(ByteBuffer.wrap(payload)));
        wire.drain(64 * 1024);
        assertEquals(0, wire.detachments);
        assertEquals(List.of(header(true, 0, Opcode.BINARY, 8192),
            "payload " + HexFormat.of().formatHex(payload), "end"), wire.frames.events());
    }

    @Test
    void aPongOwedGoesIntoTheBufferAheadOfTheDetachedFrame() {
        Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
        byte[] payload = random(2000, 4);
        FrameEncoder peer = new FrameEncoder(Role.CLIENT, new FixedMaskKeys(FixedMaskKeys.RFC_KEY));
        ByteBuffer ping = ByteBuffer.allocate(16);
        assertTrue(peer.encode(true, 0, Opcode.PING, ByteBuffer.wrap(new byte[] {7}), ping));
        wire.engine.unwrap(ping.flip());
        wire.engine.send(new Message.Binary(ByteBuffer.wrap(payload)));
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        ByteBuffer detached = wire.engine.wrapGathering(dst, MIN_DETACHED);
        assertEquals("8a0107" + "827e07d0", HexFormat.of().formatHex(dst.array(), 0, dst.position()));
        assertEquals(ByteBuffer.wrap(payload), detached);
    }

    @Test
    void aHeaderThatDoesNotFitIsResumedThenThePayloadHandedOver() {
        Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
        byte[] payload = random(70_000, 5);
        wire.engine.send(new Message.Binary(ByteBuffer.wrap(payload)));
        assertNull(wire.wrapOnce(3));
        assertEquals(ByteBuffer.wrap(payload), wire.wrapOnce(64 * 1024));
        assertFalse(wire.engine.hasOutput());
        assertEquals("827f0000000000011170", HexFormat.of().formatHex(wire.bytes.toByteArray(), 0, 10));
        assertArrayEquals(copiedWire(Role.SERVER, UnaryOperator.identity(),
            List.of(new Message.Binary(ByteBuffer.wrap(payload)))), wire.bytes.toByteArray());
    }

    @Test
    void eachOutgoingFragmentIsHandedOverInTurn() {
        UnaryOperator<EngineConfig.Builder> fragments = builder -> builder.outgoingFragmentSize(4096);
        Wire wire = new Wire(Role.SERVER, fragments);
        byte[] payload = random(10_000, 6);
        wire.engine.send(new Message.Binary(ByteBuffer.wrap(payload)));
        wire.drain(64 * 1024);
        assertEquals(3, wire.detachments, "frames of 4096, 4096 and 1808 bytes, each over the threshold");
        assertArrayEquals(copiedWire(Role.SERVER, fragments,
            List.of(new Message.Binary(ByteBuffer.wrap(payload)))), wire.bytes.toByteArray());
    }

    @Test
    void preparedFramesSharedByTwoEnginesAreReadWithoutMovingTheBuffer() {
        ByteBuffer shared = ByteBuffer.allocate(2 + 100);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.BINARY, ByteBuffer.wrap(random(100, 3)), shared);
        shared = shared.flip().asReadOnlyBuffer();
        byte[] expected = new byte[shared.remaining()];
        shared.duplicate().get(expected);
        Wire first = new Wire(Role.SERVER, UnaryOperator.identity());
        Wire second = new Wire(Role.SERVER, UnaryOperator.identity());
        first.engine.sendEncoded(shared);
        second.engine.sendEncoded(shared);
        ByteBuffer small = ByteBuffer.allocate(7);
        ByteArrayOutputStream firstWire = new ByteArrayOutputStream();
        ByteArrayOutputStream secondWire = new ByteArrayOutputStream();
        while (first.engine.hasOutput() || second.engine.hasOutput()) {
            // interleaved, a few bytes at a time: each engine keeps its own place in the one buffer
            first.engine.wrap(small.clear());
            firstWire.write(small.array(), 0, small.position());
            second.engine.wrap(small.clear());
            secondWire.write(small.array(), 0, small.position());
        }
        assertArrayEquals(expected, firstWire.toByteArray());
        assertArrayEquals(expected, secondWire.toByteArray());
        assertEquals(0, shared.position(), "the shared buffer was moved");
        assertEquals(expected.length, shared.limit());
    }

    @Test
    void preparedFramesAreHandedOverWhole() {
        Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
        ByteBuffer prepared = ByteBuffer.allocate(4 + 3000);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.BINARY, ByteBuffer.wrap(random(3000, 7)), prepared);
        prepared.flip();
        wire.engine.sendEncoded(prepared.asReadOnlyBuffer());
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        ByteBuffer detached = wire.engine.wrapGathering(dst, MIN_DETACHED);
        assertEquals(0, dst.position());
        assertEquals(prepared, detached);
        assertFalse(wire.engine.hasOutput());
    }

    @Test
    void mixedSendsGiveTheSameWireAsCopying() {
        Random random = new Random(8);
        for (int round = 0; round < 200; round++) {
            List<Message> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sends.add(new Message.Binary(ByteBuffer.wrap(random(random.nextInt(5000), random.nextLong()))));
            }
            int size = 1 + random.nextInt(3000);
            Wire wire = new Wire(Role.SERVER, UnaryOperator.identity());
            for (Message send : sends) {
                wire.engine.send(copyOf(send));
                wire.drain(size);
            }
            assertArrayEquals(copiedWire(Role.SERVER, UnaryOperator.identity(), sends), wire.bytes.toByteArray(),
                "round " + round + ", buffers of " + size);
        }
    }

    private static Message copyOf(Message message) {
        ByteBuffer data = ((Message.Binary) message).data();
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        return new Message.Binary(copy);
    }
}
