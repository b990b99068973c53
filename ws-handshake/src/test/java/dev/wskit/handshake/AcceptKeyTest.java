package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptKeyTest {
    @Test
    void derivesTheAcceptValueOfTheRfcSample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.derive("dGhlIHNhbXBsZSBub25jZQ==")); // RFC 6455 §1.3
    }

    @Test
    void generatesSixteenRandomBytesAsBase64() {
        SplittableRandom random = new SplittableRandom(16);

        String first = AcceptKey.generate(random);
        String second = AcceptKey.generate(random);

        assertEquals(16, Base64.getDecoder().decode(first).length);
        assertTrue(AcceptKey.isValid(first));
        assertNotEquals(first, second);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "dGhlIHNhbXBsZSBub25jZQ==   | true",
        "AAAAAAAAAAAAAAAAAAAAAA==   | true",
        "+/+/+/+/+/+/+/+/+/+/+w==   | true",
        "dGhlIHNhbXBsZQ==           | false",
        "dGhlIHNhbXBsZSBub25jZQ=    | false",
        "dGhlIHNhbXBsZSBub25jZQ===  | false",
        "dGhlIHNhbXBsZSBub25jZQAA   | false",
        "dGhlIHNhbXBsZSBub25jZ-==   | false",
        "dGhlIHNhbXBsZSBub25j ZQ==  | false",
        "``                         | false"})
    void acceptsOnlyKeysOfSixteenBase64EncodedBytes(String key, boolean valid) {
        assertEquals(valid, AcceptKey.isValid(key));
    }
}
