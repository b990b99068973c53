package dev.wskit.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Cuts test input into buffers every way a network could: whole, at every single point, at every pair of
 * points for short inputs, and one byte at a time; each cut as heap and as direct buffers.
 */
public final class Splits {
    private static final int PAIR_LIMIT = 40;

    private Splits() {
    }

    /**
     * Returns every way of cutting the input that the decoder tests run over.
     *
     * @param input the bytes
     * @return lists of buffers whose concatenation is the input
     */
    public static List<List<ByteBuffer>> of(byte[] input) {
        List<int[]> cutSets = new ArrayList<>();
        cutSets.add(new int[0]);
        for (int i = 1; i < input.length; i++) {
            cutSets.add(new int[] {i});
        }
        if (input.length <= PAIR_LIMIT) {
            for (int i = 1; i < input.length; i++) {
                for (int j = i + 1; j < input.length; j++) {
                    cutSets.add(new int[] {i, j});
                }
            }
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        cutSets.add(everyByte);
        List<List<ByteBuffer>> result = new ArrayList<>();
        for (int[] cuts : cutSets) {
            result.add(cut(input, cuts, false));
            result.add(cut(input, cuts, true));
        }
        return result;
    }

    /**
     * Parses hex, ignoring spaces.
     *
     * @param hex the hex digits
     * @return the bytes
     */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static List<ByteBuffer> cut(byte[] input, int[] cuts, boolean direct) {
        List<ByteBuffer> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : input.length;
            ByteBuffer piece = direct ? ByteBuffer.allocateDirect(end - start) : ByteBuffer.allocate(end - start);
            piece.put(input, start, end - start).flip();
            pieces.add(piece);
            start = end;
        }
        return pieces;
    }
}
