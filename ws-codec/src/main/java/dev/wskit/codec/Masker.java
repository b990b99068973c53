package dev.wskit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Applies the RFC 6455 §5.3 masking transform: payload byte {@code i} is XORed with byte {@code i mod 4} of
 * the 32-bit masking key. The same operation masks and unmasks.
 *
 * <p>The key is an {@code int} holding the four masking-key bytes big-endian, as they appear on the wire:
 * key byte {@code j} is {@code (key >>> (24 - 8 * j)) & 0xFF}. A payload is often masked in pieces (it arrives
 * or leaves in several buffers), so every method takes a <em>phase</em>, the index (0–3) of the key byte that
 * applies to the first byte it masks, and returns the phase for the byte after the last one: {@code (phase +
 * n) & 3} after {@code n} bytes. Start a frame's payload with phase 0. Only the low two bits of a phase are read.
 *
 * <p>The work is done eight bytes at a time, with the key repeated into a 64-bit word, in loops that the JIT
 * compiler turns into vector instructions. Nothing is allocated. Stateless and thread-safe, but a buffer
 * being masked must not be used by another thread meanwhile: besides its bytes, its byte order is switched
 * for the duration of the call (and restored before it returns).
 */
public final class Masker {
    /** Reads and writes eight bytes of a {@code byte[]} at once, in the platform's order (no byte swapping). */
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** How many bytes {@link #mask(ByteBuffer, ByteBuffer, int, int)} copies before masking them in place. */
    private static final int BLOCK = 4096;
    /** Below this many bytes an array is masked by a scalar loop rather than a vectorized one. */
    private static final int SHORT = 256;
    /** Up to this many bytes an array is masked in straight-line blocks. */
    private static final int TINY = 127;

    private Masker() {
    }

    /**
     * Masks (or unmasks) {@code array[from..to)} in place.
     *
     * @param array the bytes to transform
     * @param from the index of the first byte, inclusive
     * @param to the index after the last byte
     * @param key the masking key, big-endian as on the wire
     * @param phase which key byte applies to {@code array[from]}, 0 to 3
     * @return the phase for the byte at {@code to}: {@code (phase + to - from) & 3}
     * @throws IndexOutOfBoundsException when {@code from..to} is not a range of the array
     */
    public static int mask(byte[] array, int from, int to, int key, int phase) {
        Objects.checkFromToIndex(from, to, array.length);
        return maskArray(array, from, to, key, phase & 0b11);
    }

    /**
     * Masks (or unmasks) the bytes at absolute indexes {@code from..to} of a buffer, in place. Its position,
     * limit, mark and byte order are the same after the call; heap and direct buffers are both accepted.
     *
     * @param buffer the bytes to transform; must be writable
     * @param from the absolute index of the first byte, inclusive
     * @param to the absolute index after the last byte, at most the buffer's limit
     * @param key the masking key, big-endian as on the wire
     * @param phase which key byte applies to the byte at {@code from}, 0 to 3
     * @return the phase for the byte at {@code to}: {@code (phase + to - from) & 3}
     * @throws IndexOutOfBoundsException when {@code from..to} is not within the buffer's limit
     * @throws java.nio.ReadOnlyBufferException when the buffer is read-only and the range is not empty
     */
    public static int mask(ByteBuffer buffer, int from, int to, int key, int phase) {
        Objects.checkFromToIndex(from, to, buffer.limit());
        int p = phase & 0b11;
        if (buffer.hasArray()) {
            int offset = buffer.arrayOffset();
            return maskArray(buffer.array(), offset + from, offset + to, key, p);
        }
        return maskBuffer(buffer, from, to, key, p);
    }

    /**
     * Masks (or unmasks) bytes from {@code src} into {@code dst}: as many as both have remaining, that is
     * {@code min(src.remaining(), dst.remaining())}, advancing both positions by that count. Heap and direct
     * buffers may be mixed, in any byte order. The two ranges must not overlap unless they are the very same
     * bytes (masking in place).
     *
     * @param src the bytes to read, from its position
     * @param dst where the transformed bytes go, from its position; must be writable
     * @param key the masking key, big-endian as on the wire
     * @param phase which key byte applies to the first byte, 0 to 3
     * @return the phase for the byte after the last one transformed
     * @throws java.nio.ReadOnlyBufferException when {@code dst} is read-only and a byte would be written
     */
    public static int mask(ByteBuffer src, ByteBuffer dst, int key, int phase) {
        int count = Math.min(src.remaining(), dst.remaining());
        int srcIndex = src.position();
        int dstIndex = dst.position();
        int next = phase & 0b11;
        // Copying first and masking in place, a block at a time while it is in the L1 cache, beats masking
        // from one buffer into another: the JIT cannot prove that two buffers do not overlap, so it keeps that
        // loop scalar, whereas the bulk copy is an intrinsic and the in-place loop vectorizes.
        for (int done = 0; done < count; done += BLOCK) {
            int length = Math.min(BLOCK, count - done);
            int at = dstIndex + done;
            dst.put(at, src, srcIndex + done, length);
            next = mask(dst, at, at + length, key, next);
        }
        src.position(srcIndex + count);
        dst.position(dstIndex + count);
        return next;
    }

    /**
     * Returns the key rotated so that its most significant byte is key byte {@code phase}: the four key
     * bytes in the order they apply from that phase on.
     */
    private static int rotate(int key, int phase) {
        return Integer.rotateLeft(key, phase << 3);
    }

    /** Repeats a rotated key into eight bytes in the given byte order, for whole-word XOR. */
    private static long wideKey(int rotated, ByteOrder order) {
        long bigEndian = ((long) rotated << 32) | (rotated & 0xFFFF_FFFFL);
        return order == ByteOrder.BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
    }

    // Payloads of eight bytes or more are masked a word at a time, and their last eight bytes are masked as
    // one more word computed from the original bytes before the loop and stored after it: the store
    // overwrites any bytes the loop already masked with the same values, so no byte-wise tail loop runs.
    // Below SHORT bytes a two-word scalar loop wins (a vectorized loop pays for its set-up and its own
    // pre- and post-loops on such short runs); from SHORT on, the loop that steps a byte index by eight is
    // the shape C2 vectorizes (on JDK 25, 16 KiB in place runs faster than System.arraycopy of 16 KiB).

    /** As {@link #mask(byte[], int, int, int, int)} without the range check up front (each access checks). */
    static int maskArray(byte[] array, int from, int to, int key, int phase) {
        int rotated = rotate(key, phase);
        int length = to - from;
        if (length < Long.BYTES) {
            maskArrayBytes(array, from, to, rotated);
        } else {
            long wide = wideKey(rotated, ByteOrder.nativeOrder());
            int tailAt = to - Long.BYTES;
            long tail = (long) LONGS.get(array, tailAt) ^ wideKey(Integer.rotateLeft(rotated, length << 3),
                ByteOrder.nativeOrder());
            if (length <= TINY) {
                // whole words up to or past the last word's start; the last word's store fixes any overlap
                maskArrayTiny(array, from, tailAt - from + Long.BYTES - 1, wide);
            } else if (length < SHORT) {
                maskArrayShort(array, from, tailAt, wide);
            } else {
                maskArrayLong(array, from, tailAt, wide);
            }
            LONGS.set(array, tailAt, tail);
        }
        return (phase + length) & 0b11;
    }

    /**
     * Masks {@code count / 8} words (count below 128) from {@code from}, in straight-line
     * blocks of 64, 32, 16 and 8 bytes picked by the bits of {@code count}: no loop to set up, and the JIT
     * checks each block's bounds once.
     */
    private static void maskArrayTiny(byte[] array, int from, int count, long wide) {
        int i = from;
        if ((count & 64) != 0) {
            maskWords(array, i, wide, 8);
            i += 64;
        }
        if ((count & 32) != 0) {
            maskWords(array, i, wide, 4);
            i += 32;
        }
        if ((count & 16) != 0) {
            maskWords(array, i, wide, 2);
            i += 16;
        }
        if ((count & 8) != 0) {
            maskWords(array, i, wide, 1);
        }
    }

    /** Masks {@code words} words from {@code at}; a constant count unrolls it where it is inlined. */
    private static void maskWords(byte[] array, int at, long wide, int words) {
        for (int w = 0; w < words; w++) {
            int i = at + (w << 3);
            LONGS.set(array, i, (long) LONGS.get(array, i) ^ wide);
        }
    }

    /** As {@link #maskArrayTiny}, for a buffer already switched to the platform's byte order. */
    private static void maskBufferTiny(ByteBuffer buffer, int from, int count, long wide) {
        int i = from;
        if ((count & 64) != 0) {
            maskWords(buffer, i, wide, 8);
            i += 64;
        }
        if ((count & 32) != 0) {
            maskWords(buffer, i, wide, 4);
            i += 32;
        }
        if ((count & 16) != 0) {
            maskWords(buffer, i, wide, 2);
            i += 16;
        }
        if ((count & 8) != 0) {
            maskWords(buffer, i, wide, 1);
        }
    }

    private static void maskWords(ByteBuffer buffer, int at, long wide, int words) {
        for (int w = 0; w < words; w++) {
            int i = at + (w << 3);
            buffer.putLong(i, buffer.getLong(i) ^ wide);
        }
    }

    /** Masks whole words from {@code from} up to at least {@code lastWordAt}, two at a time. */
    private static void maskArrayShort(byte[] array, int from, int lastWordAt, long wide) {
        int i = from;
        for (; i < lastWordAt - Long.BYTES; i += 2 * Long.BYTES) {
            LONGS.set(array, i, (long) LONGS.get(array, i) ^ wide);
            LONGS.set(array, i + Long.BYTES, (long) LONGS.get(array, i + Long.BYTES) ^ wide);
        }
        if (i < lastWordAt) {
            LONGS.set(array, i, (long) LONGS.get(array, i) ^ wide);
        }
    }

    /** Masks whole words from {@code from} up to at least {@code lastWordAt}, in a loop C2 vectorizes. */
    private static void maskArrayLong(byte[] array, int from, int lastWordAt, long wide) {
        for (int i = from; i < lastWordAt; i += Long.BYTES) {
            LONGS.set(array, i, (long) LONGS.get(array, i) ^ wide);
        }
    }

    private static void maskArrayBytes(byte[] array, int from, int to, int rotated) {
        for (int i = from, k = 0; i < to; i++, k++) {
            array[i] ^= (byte) keyByte(rotated, k);
        }
    }

    private static int maskBuffer(ByteBuffer buffer, int from, int to, int key, int phase) {
        // XOR works byte by byte, so the byte order is free: switching to the platform's order for the loop
        // spares a byte swap on every read and write of a big-endian buffer, which halves the throughput.
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.nativeOrder());
        try {
            int rotated = rotate(key, phase);
            int length = to - from;
            if (length < Long.BYTES) {
                for (int i = from, k = 0; i < to; i++, k++) {
                    buffer.put(i, (byte) (buffer.get(i) ^ keyByte(rotated, k)));
                }
            } else {
                long wide = wideKey(rotated, ByteOrder.nativeOrder());
                int tailAt = to - Long.BYTES;
                long tail = buffer.getLong(tailAt) ^ wideKey(Integer.rotateLeft(rotated, length << 3),
                    ByteOrder.nativeOrder());
                if (length <= TINY) {
                    maskBufferTiny(buffer, from, tailAt - from + Long.BYTES - 1, wide);
                } else {
                    for (int i = from; i < tailAt; i += Long.BYTES) {
                        buffer.putLong(i, buffer.getLong(i) ^ wide);
                    }
                }
                buffer.putLong(tailAt, tail);
            }
            return (phase + length) & 0b11;
        } finally {
            buffer.order(order);
        }
    }

    /** Returns the key byte for payload byte {@code i} of a run that starts with the rotated key's first byte. */
    private static int keyByte(int rotated, int i) {
        return rotated >>> (24 - ((i & 0b11) << 3));
    }
}
