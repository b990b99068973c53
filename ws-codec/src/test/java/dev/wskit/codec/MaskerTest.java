package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class MaskerTest {
    private static final int MAX_LENGTH = 64;
    private static final int MAX_OFFSET = 15;
    /** Bytes on either side of the masked range, which must come out untouched. */
    private static final int GUARD = 11;
    private static final int[] KEYS = {0x37fa213d, 0x8000_0001, 0xFFFF_FFFF, 0x0102_0304};

    /** The kinds of buffer every method is checked on. */
    private static final List<BufferKind> KINDS = List.of(
        new BufferKind("heap", ByteBuffer::allocate),
        new BufferKind("heap slice", size -> ByteBuffer.allocate(size + 5).position(5).slice()),
        new BufferKind("heap little-endian", size -> ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN)),
        new BufferKind("direct", ByteBuffer::allocateDirect),
        new BufferKind("direct little-endian",
            size -> ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN)));

    private record BufferKind(String name, IntFunction<ByteBuffer> allocator) {
        ByteBuffer filledWith(byte[] content) {
            ByteBuffer buffer = allocator.apply(content.length);
            buffer.put(0, content);
            return buffer;
        }
    }

    private final SplittableRandom random = new SplittableRandom(6455);

    /** The byte-wise definition of RFC 6455 §5.3, with the key bytes big-endian in an int. */
    private static byte[] reference(byte[] data, int from, int to, int key, int phase) {
        byte[] copy = data.clone();
        for (int i = from; i < to; i++) {
            int j = (phase + i - from) & 3;
            copy[i] = (byte) (copy[i] ^ (key >>> (24 - 8 * j)));
        }
        return copy;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(bytes);
        return bytes;
    }

    @Test
    void unmasksTheRfcExample() {
        byte[] frame = HexFormat.of().parseHex("818537fa213d7f9f4d5158"); // RFC 6455 §5.7
        int key = ByteBuffer.wrap(frame, 2, 4).getInt();
        assertEquals(0x37fa213d, key);

        int phase = Masker.mask(frame, 6, 11, key, 0);

        assertEquals("Hello", new String(frame, 6, 5, StandardCharsets.US_ASCII));
        assertEquals(1, phase);
    }

    @Test
    void arrayMaskingMatchesReferenceAtEveryLengthOffsetAndPhase() {
        for (int length = 0; length <= MAX_LENGTH; length++) {
            for (int offset = 0; offset <= MAX_OFFSET; offset++) {
                for (int phase = 0; phase < 4; phase++) {
                    checkArray(length, offset, phase, KEYS[(length + offset) % KEYS.length]);
                }
            }
        }
    }

    @Test
    void arrayMaskingMatchesReferenceAtRandomLargerLengths() {
        for (int round = 0; round < 40; round++) {
            checkArray(65 + random.nextInt(70_000), random.nextInt(64), random.nextInt(4), random.nextInt());
        }
    }

    private void checkArray(int length, int offset, int phase, int key) {
        byte[] data = randomBytes(offset + length + GUARD);
        byte[] expected = reference(data, offset, offset + length, key, phase);

        int next = Masker.mask(data, offset, offset + length, key, phase);

        assertArrayEquals(expected, data, () -> "length " + length + ", offset " + offset + ", phase " + phase);
        assertEquals((phase + length) & 3, next);
    }

    @Test
    void bufferMaskingInPlaceMatchesReferenceForEveryKindLengthOffsetAndPhase() {
        for (BufferKind kind : KINDS) {
            for (int length = 0; length <= MAX_LENGTH; length++) {
                for (int offset = 0; offset <= MAX_OFFSET; offset++) {
                    for (int phase = 0; phase < 4; phase++) {
                        checkBufferInPlace(kind, length, offset, phase, KEYS[(length + phase) % KEYS.length]);
                    }
                }
            }
            for (int round = 0; round < 10; round++) {
                checkBufferInPlace(kind, 65 + random.nextInt(70_000), random.nextInt(64), random.nextInt(4),
                    random.nextInt());
            }
        }
    }

    private void checkBufferInPlace(BufferKind kind, int length, int offset, int phase, int key) {
        byte[] data = randomBytes(offset + length + GUARD);
        ByteBuffer buffer = kind.filledWith(data);
        int limit = offset + length;
        int position = Math.min(3, limit);
        buffer.limit(limit).position(position);
        ByteOrder order = buffer.order();

        int next = Masker.mask(buffer, offset, offset + length, key, phase);

        String where = kind.name() + ", length " + length + ", offset " + offset + ", phase " + phase;
        assertArrayEquals(reference(data, offset, offset + length, key, phase), contents(buffer), where);
        assertEquals((phase + length) & 3, next, where);
        assertEquals(position, buffer.position(), where);
        assertEquals(limit, buffer.limit(), where);
        assertEquals(order, buffer.order(), where);
    }

    @Test
    void bufferToBufferMaskingMatchesReferenceForEveryPairOfKinds() {
        for (BufferKind srcKind : KINDS) {
            for (BufferKind dstKind : KINDS) {
                for (int length = 0; length <= MAX_LENGTH; length++) {
                    for (int offset = 0; offset <= MAX_OFFSET; offset++) {
                        checkBufferToBuffer(srcKind, dstKind, length, offset, (length + offset) & 3, KEYS[offset & 3]);
                    }
                }
                for (int round = 0; round < 4; round++) {
                    checkBufferToBuffer(srcKind, dstKind, 65 + random.nextInt(70_000), random.nextInt(64),
                        random.nextInt(4), random.nextInt());
                }
            }
        }
    }

    private void checkBufferToBuffer(BufferKind srcKind, BufferKind dstKind, int length, int offset, int phase,
                                     int key) {
        byte[] source = randomBytes(length + 7);
        ByteBuffer src = srcKind.filledWith(source);
        src.position(7 - (offset & 7));
        src.limit(src.position() + length);
        byte[] target = randomBytes(offset + length + GUARD);
        ByteBuffer dst = dstKind.filledWith(target);
        dst.position(offset);
        int srcStart = src.position();

        int next = Masker.mask(src, dst, key, phase);

        byte[] expected = target.clone();
        System.arraycopy(source, srcStart, expected, offset, length);
        expected = reference(expected, offset, offset + length, key, phase);
        String where = srcKind.name() + " to " + dstKind.name() + ", length " + length + ", offset " + offset;
        assertArrayEquals(expected, contents(dst), where);
        assertArrayEquals(source, contents(src), where);
        assertEquals(srcStart + length, src.position(), where);
        assertEquals(offset + length, dst.position(), where);
        assertEquals((phase + length) & 3, next, where);
    }

    @Test
    void bufferToBufferMaskingStopsWhenEitherSideRunsOut() {
        int key = KEYS[0];
        byte[] source = randomBytes(100);
        ByteBuffer src = ByteBuffer.wrap(source.clone());
        ByteBuffer small = ByteBuffer.allocateDirect(30);

        assertEquals(30 & 3, Masker.mask(src, small, key, 0));
        assertEquals(30, src.position());
        assertEquals(30, small.position());
        assertArrayEquals(Arrays.copyOf(reference(source, 0, 100, key, 0), 30), contents(small));

        ByteBuffer large = ByteBuffer.allocate(200);
        assertEquals((1 + 70) & 3, Masker.mask(src, large, key, 1));
        assertEquals(100, src.position());
        assertEquals(70, large.position());
    }

    @Test
    void bufferToBufferMaskingReadsAReadOnlySource() {
        byte[] source = randomBytes(40);
        ByteBuffer dst = ByteBuffer.allocate(40);

        Masker.mask(ByteBuffer.wrap(source).asReadOnlyBuffer(), dst, KEYS[1], 2);

        assertArrayEquals(reference(source, 0, 40, KEYS[1], 2), dst.array());
    }

    @Test
    void bufferToBufferMaskingOfTheSameBytesMasksInPlace() {
        byte[] data = randomBytes(50);
        ByteBuffer buffer = ByteBuffer.wrap(data.clone());

        Masker.mask(buffer, buffer.duplicate(), KEYS[0], 3);

        assertArrayEquals(reference(data, 0, 50, KEYS[0], 3), buffer.array());

        ByteBuffer direct = ByteBuffer.allocateDirect(50).put(0, data);
        Masker.mask(direct, direct, KEYS[1], 1);

        assertArrayEquals(reference(data, 0, 50, KEYS[1], 1), contents(direct));
        assertEquals(50, direct.position());
    }

    @Test
    void maskingTwiceRestoresThePayload() {
        byte[] data = randomBytes(1000);
        byte[] work = data.clone();
        ByteBuffer direct = ByteBuffer.allocateDirect(1000).put(0, data);

        Masker.mask(work, 3, 997, 0xDEAD_BEEF, 2);
        Masker.mask(work, 3, 997, 0xDEAD_BEEF, 2);
        Masker.mask(direct, 1, 1000, 0xDEAD_BEEF, 1);
        Masker.mask(direct, 1, 1000, 0xDEAD_BEEF, 1);

        assertArrayEquals(data, work);
        assertArrayEquals(data, contents(direct));
    }

    @Test
    void maskingInPiecesSplitAnywhereEqualsMaskingAtOnce() {
        byte[] data = randomBytes(150);
        int key = 0x1234_5678;
        byte[] expected = reference(data, 0, data.length, key, 0);
        for (int split = 0; split <= data.length; split++) {
            byte[] array = data.clone();
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(0, data);
            ByteBuffer dst = ByteBuffer.allocate(data.length);
            ByteBuffer src = ByteBuffer.wrap(data);

            int arrayPhase = Masker.mask(array, split, data.length, key, Masker.mask(array, 0, split, key, 0));
            int directPhase = Masker.mask(direct, split, data.length, key, Masker.mask(direct, 0, split, key, 0));
            int copyPhase = Masker.mask(src, dst.limit(split), key, 0);
            copyPhase = Masker.mask(src, dst.limit(data.length), key, copyPhase);

            int at = split;
            assertArrayEquals(expected, array, () -> "array split at " + at);
            assertArrayEquals(expected, contents(direct), () -> "direct split at " + at);
            assertArrayEquals(expected, dst.array(), () -> "buffer to buffer split at " + at);
            assertEquals(data.length & 3, arrayPhase);
            assertEquals(data.length & 3, directPhase);
            assertEquals(data.length & 3, copyPhase);
        }
    }

    @Test
    void maskingInManyRandomPiecesEqualsMaskingAtOnce() {
        for (int round = 0; round < 50; round++) {
            byte[] data = randomBytes(random.nextInt(5000));
            int key = random.nextInt();
            byte[] array = data.clone();
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(0, data);
            int arrayPhase = 0;
            int directPhase = 0;
            for (int from = 0; from < data.length; ) {
                int to = Math.min(data.length, from + random.nextInt(80));
                arrayPhase = Masker.mask(array, from, to, key, arrayPhase);
                directPhase = Masker.mask(direct, from, to, key, directPhase);
                from = to;
            }
            byte[] expected = reference(data, 0, data.length, key, 0);
            assertArrayEquals(expected, array);
            assertArrayEquals(expected, contents(direct));
            assertEquals(data.length & 3, arrayPhase);
            assertEquals(data.length & 3, directPhase);
        }
    }

    @Test
    void onlyTheLowTwoBitsOfThePhaseCount() {
        byte[] data = randomBytes(20);
        byte[] a = data.clone();
        byte[] b = data.clone();

        Masker.mask(a, 0, 20, KEYS[0], 6);
        Masker.mask(b, 0, 20, KEYS[0], 2);

        assertArrayEquals(b, a);
    }

    @Test
    void rangesOutsideTheArrayOrLimitAreRejected() {
        byte[] array = new byte[10];
        ByteBuffer buffer = ByteBuffer.allocateDirect(10).limit(8);

        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(array, 5, 11, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(array, 6, 5, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(array, -1, 5, 1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Masker.mask(buffer, 0, 9, 1, 0));
    }

    @Test
    void readOnlyTargetsAreRejected() {
        ByteBuffer readOnly = ByteBuffer.allocate(16).asReadOnlyBuffer();

        assertThrows(ReadOnlyBufferException.class, () -> Masker.mask(readOnly, 0, 16, 1, 0));
        assertThrows(ReadOnlyBufferException.class, () -> Masker.mask(ByteBuffer.allocate(4), readOnly, 1, 0));
    }
}
