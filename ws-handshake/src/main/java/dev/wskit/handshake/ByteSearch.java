package dev.wskit.handshake;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in an array eight bytes at a time (SIMD within a register), which makes looking for the line
 * ends of an HTTP head several times cheaper than a byte-by-byte loop. Stateless and thread-safe.
 */
final class ByteSearch {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long SPACES = 0x2020_2020_2020_2020L;
    private static final long DELETES = 0x7F7F_7F7F_7F7F_7F7FL;

    private ByteSearch() {
    }

    /**
     * Returns the index of the first occurrence of a byte in a range.
     *
     * @param bytes the array
     * @param from the first index searched
     * @param to the index after the last one searched
     * @param target the byte to find
     * @return its index, or -1 when the range does not hold it
     */
    static int indexOf(byte[] bytes, int from, int to, byte target) {
        long pattern = (target & 0xFFL) * ONES;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            // a byte of word is zero where the target is; the lowest flagged byte is always a true match
            long zeros = (word - ONES) & ~word & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the index of the first byte in a range that may not appear in a field value (RFC 9110 §5.5):
     * a control character other than HTAB, or DEL.
     *
     * @param bytes the array
     * @param from the first index checked
     * @param to the index after the last one checked
     * @return the index of the first invalid byte, or -1 when all are valid
     */
    static int indexOfInvalidFieldChar(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long deletes = word ^ DELETES;
            // flags every byte below 0x20 and every DEL (and at worst a few valid bytes after one)
            long suspects = ((word - SPACES) & ~word | (deletes - ONES) & ~deletes) & HIGHS;
            if (suspects != 0) {
                int invalid = indexOfInvalidFieldCharSlowly(bytes, i, i + Long.BYTES);
                if (invalid >= 0) {
                    return invalid;
                }
            }
        }
        return indexOfInvalidFieldCharSlowly(bytes, i, to);
    }

    private static int indexOfInvalidFieldCharSlowly(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Tokens.isFieldChar(bytes[i])) {
                return i;
            }
        }
        return -1;
    }
}
