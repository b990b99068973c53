package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void tcharIsExactlyTheSetOfRfc9110() {
        // RFC 9110 §5.6.2
        String tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int c = -1; c < 300; c++) {
            assertEquals(c >= 0 && tchar.indexOf(c) >= 0, Tokens.isTchar(c), "character " + c);
        }
    }

    @Test
    void fieldCharactersAreTabSpaceVisibleAsciiAndObsText() {
        for (int c = 0; c < 300; c++) {
            boolean expected = c == '\t' || (c >= 0x20 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
            assertEquals(expected, Tokens.isFieldChar(c), "character " + c);
        }
    }

    @Test
    void recognisesHttpVersions() {
        assertTrue(Tokens.isHttpVersion("HTTP/1.1"));
        assertFalse(Tokens.isHttpVersion("HTTP/1.10"));
        assertFalse(Tokens.isHttpVersion("HTTP/a.1"));
        assertTrue(Tokens.isHttp11OrLater("HTTP/1.1"));
        assertTrue(Tokens.isHttp11OrLater("HTTP/2.0"));
        assertFalse(Tokens.isHttp11OrLater("HTTP/1.0"));
        assertFalse(Tokens.isHttp11OrLater("HTTP/0.9"));
    }

    @Test
    void quotesValuesShowingControlCharacters() {
        assertEquals("'a\\x0D\\x0Ab'", Tokens.quote("a\r\nb"));
        assertEquals("null", Tokens.quote(null));
        assertEquals("'" + "a".repeat(200) + "...'", Tokens.quote("a".repeat(201)));
    }
}
