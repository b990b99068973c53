package dev.wskit.extensions.deflate;

import java.util.Arrays;

/**
 * A plain DEFLATE decoder written from RFC 1951 §3.2, independent of zlib, that also records the longest
 * back-reference distance it meets: it checks that a compressor kept to an agreed window (RFC 7692 §7.1.2).
 * Decodes a stream of non-final blocks up to the end of its input, which must end on a block boundary.
 */
final class ReferenceInflater {
    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43,
        51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4,
        4, 4, 5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257,
        385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9,
        9, 10, 10, 11, 11, 12, 12, 13, 13};
    private static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14,
        1, 15};

    private byte[] input = new byte[0];
    private int position;
    private int bitBuffer;
    private int bitCount;
    private byte[] output = new byte[1024];
    private int produced;
    private int maxDistance;
    private boolean finalBlockSeen;

    /** Decodes more of the same stream (context carries over) and returns what it produced. */
    byte[] inflate(byte[] data) {
        input = data;
        position = 0;
        int start = produced;
        while (position < input.length && !finalBlockSeen) {
            block();
        }
        return Arrays.copyOfRange(output, start, produced);
    }

    int maxDistance() {
        return maxDistance;
    }

    private void block() {
        finalBlockSeen = bits(1) == 1;
        switch (bits(2)) {
            case 0 -> stored();
            case 1 -> codes(Huffman.FIXED_LITERALS, Huffman.FIXED_DISTANCES);
            case 2 -> dynamic();
            default -> throw new IllegalStateException("Invalid block type 3");
        }
    }

    private int bits(int need) {
        while (bitCount < need) {
            if (position >= input.length) {
                throw new IllegalStateException("Input ends inside a block");
            }
            bitBuffer |= (input[position++] & 0xFF) << bitCount;
            bitCount += 8;
        }
        int value = bitBuffer & ((1 << need) - 1);
        bitBuffer >>>= need;
        bitCount -= need;
        return value;
    }

    private void stored() {
        bitBuffer = 0;
        bitCount = 0;
        int length = bits(16);
        int complement = bits(16);
        if ((length ^ 0xFFFF) != complement) {
            throw new IllegalStateException("Stored block length does not match its complement");
        }
        for (int i = 0; i < length; i++) {
            put((byte) bits(8));
        }
    }

    private void dynamic() {
        int literalCount = bits(5) + 257;
        int distanceCount = bits(5) + 1;
        int codeLengthCount = bits(4) + 4;
        int[] codeLengths = new int[19];
        for (int i = 0; i < codeLengthCount; i++) {
            codeLengths[CODE_LENGTH_ORDER[i]] = bits(3);
        }
        Huffman codeLengthCode = new Huffman(codeLengths);
        int[] lengths = new int[literalCount + distanceCount];
        for (int i = 0; i < lengths.length;) {
            int symbol = codeLengthCode.decode(this);
            if (symbol < 16) {
                lengths[i++] = symbol;
                continue;
            }
            int previous = symbol == 16 ? lengths[i - 1] : 0;
            int repeat = symbol == 16 ? 3 + bits(2) : symbol == 17 ? 3 + bits(3) : 11 + bits(7);
            for (int r = 0; r < repeat; r++) {
                lengths[i++] = previous;
            }
        }
        codes(new Huffman(Arrays.copyOf(lengths, literalCount)),
            new Huffman(Arrays.copyOfRange(lengths, literalCount, lengths.length)));
    }

    private void codes(Huffman literals, Huffman distances) {
        while (true) {
            int symbol = literals.decode(this);
            if (symbol < 256) {
                put((byte) symbol);
            } else if (symbol == 256) {
                return;
            } else {
                int length = LENGTH_BASE[symbol - 257] + bits(LENGTH_EXTRA[symbol - 257]);
                int code = distances.decode(this);
                int distance = DISTANCE_BASE[code] + bits(DISTANCE_EXTRA[code]);
                copy(distance, length);
            }
        }
    }

    private void copy(int distance, int length) {
        if (distance > produced) {
            throw new IllegalStateException("Distance " + distance + " reaches before the stream's start");
        }
        maxDistance = Math.max(maxDistance, distance);
        for (int i = 0; i < length; i++) {
            put(output[produced - distance]);
        }
    }

    private void put(byte value) {
        if (produced == output.length) {
            output = Arrays.copyOf(output, output.length * 2);
        }
        output[produced++] = value;
    }

    /** A canonical Huffman code, decoded bit by bit (RFC 1951 §3.2.2). */
    private static final class Huffman {
        static final Huffman FIXED_LITERALS = new Huffman(fixedLiteralLengths());
        static final Huffman FIXED_DISTANCES = new Huffman(filled(30, 5));

        private final int[] counts = new int[16];
        private final int[] symbols;

        Huffman(int[] lengths) {
            symbols = new int[lengths.length];
            for (int length : lengths) {
                counts[length]++;
            }
            counts[0] = 0;
            int[] offsets = new int[16];
            for (int length = 1; length < 15; length++) {
                offsets[length + 1] = offsets[length] + counts[length];
            }
            for (int symbol = 0; symbol < lengths.length; symbol++) {
                if (lengths[symbol] != 0) {
                    symbols[offsets[lengths[symbol]]++] = symbol;
                }
            }
        }

        int decode(ReferenceInflater in) {
            int code = 0;
            int first = 0;
            int index = 0;
            for (int length = 1; length <= 15; length++) {
                code |= in.bits(1);
                int count = counts[length];
                if (code - first < count) {
                    return symbols[index + code - first];
                }
                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }
            throw new IllegalStateException("Invalid Huffman code");
        }

        private static int[] fixedLiteralLengths() {
            int[] lengths = new int[288];
            Arrays.fill(lengths, 0, 144, 8);
            Arrays.fill(lengths, 144, 256, 9);
            Arrays.fill(lengths, 256, 280, 7);
            Arrays.fill(lengths, 280, 288, 8);
            return lengths;
        }

        private static int[] filled(int count, int length) {
            int[] lengths = new int[count];
            Arrays.fill(lengths, length);
            return lengths;
        }
    }
}
