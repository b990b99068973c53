package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteSearchTest {
    @Test
    void findsTheFirstOccurrenceLikeAByteByByteSearchAtEveryOffsetAndLength() {
        SplittableRandom random = new SplittableRandom(8);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = randomBytes(random, "\n\r:a\u0080\u00ff");
            for (int from = 0; from < 10 && from <= bytes.length; from++) {
                for (int to = from; to <= bytes.length; to += 1 + random.nextInt(5)) {
                    for (byte target : new byte[] {'\n', (byte) 0xFF}) {
                        assertEquals(naiveIndexOf(bytes, from, to, target),
                            ByteSearch.indexOf(bytes, from, to, target));
                    }
                }
            }
        }
    }

    @Test
    void findsInvalidFieldCharactersLikeAByteByByteCheck() {
        SplittableRandom random = new SplittableRandom(5_5);
        for (int round = 0; round < 5_000; round++) {
            byte[] bytes = randomBytes(random, "a \t\u007f\u0000\u001f\u0020\u0080\u009f\u00ff");
            int from = random.nextInt(Math.min(8, bytes.length + 1));

            assertEquals(naiveInvalid(bytes, from, bytes.length), ByteSearch.indexOfInvalidFieldChar(bytes, from,
                bytes.length));
        }
    }

    @Test
    void answersMinusOneForAnEmptyRange() {
        assertEquals(-1, ByteSearch.indexOf(new byte[16], 3, 3, (byte) 0));
        assertEquals(-1, ByteSearch.indexOfInvalidFieldChar(new byte[16], 16, 16));
    }

    private static byte[] randomBytes(SplittableRandom random, String alphabet) {
        byte[] bytes = new byte[random.nextInt(48)];
        for (int i = 0; i < bytes.length; i++) {
            // mostly ordinary text, so that matches are sometimes far apart
            bytes[i] = random.nextInt(6) == 0 ? (byte) alphabet.charAt(random.nextInt(alphabet.length()))
                : (byte) ('b' + random.nextInt(20));
        }
        return bytes;
    }

    private static int naiveIndexOf(byte[] bytes, int from, int to, byte target) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveInvalid(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xFF;
            if (c != '\t' && (c < 0x20 || c == 0x7F)) {
                return i;
            }
        }
        return -1;
    }
}
