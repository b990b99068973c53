package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloseReasonTest {

    @Test
    void reasonOf123BytesFitsAndOneMoreByteIsTooLong() {
        // RFC 6455 §5.5: a control payload is at most 125 bytes, 2 of which hold the code (§5.5.1)
        String longest = "a".repeat(123);
        assertSame(longest, CloseReason.validate(longest));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CloseReason.validate(longest + "a"));
        assertEquals("Close reason too long: 124 > 123 bytes", e.getMessage());
    }

    @Test
    void lengthIsCountedInUtf8BytesNotChars() {
        String euros = "€".repeat(41);
        assertSame(euros, CloseReason.validate(euros));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> CloseReason.validate("€".repeat(41) + "a"));
        assertEquals("Close reason too long: 124 > 123 bytes", e.getMessage());
        // a surrogate pair is one 4-byte sequence: 30 of them and 3 more bytes make 123
        assertEquals(123, utf8("😀".repeat(30) + "abc"));
        CloseReason.validate("😀".repeat(30) + "abc");
        assertThrows(IllegalArgumentException.class, () -> CloseReason.validate("😀".repeat(31)));
    }

    @Test
    void validationAgreesWithTheEncoderOnRandomStringsIncludingLoneSurrogates() {
        SplittableRandom random = new SplittableRandom(18);
        char[] alphabet = {'a', 'é', '€', '\uD83D', '\uDE00', '\u07FF', '\u0800'};
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20, 80);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String reason = text.toString();
            boolean fits = utf8(reason) <= CloseReason.MAX_BYTES;
            if (fits) {
                assertSame(reason, CloseReason.validate(reason));
            } else {
                assertThrows(IllegalArgumentException.class, () -> CloseReason.validate(reason), reason);
            }
        }
    }

    @Test
    void truncationKeepsAShortReasonAndCutsALongOneBetweenCodePoints() {
        assertSame("short", CloseReason.truncate("short"));
        // 61 two-byte characters are 122 bytes; the 62nd would end at byte 124, so it is left out whole
        String cut = CloseReason.truncate("é".repeat(70));
        assertEquals("é".repeat(61), cut);
        assertEquals("a".repeat(123), CloseReason.truncate("a".repeat(500)));
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
