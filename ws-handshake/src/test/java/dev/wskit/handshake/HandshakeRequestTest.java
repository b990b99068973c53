package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HandshakeRequestTest {
    @Test
    void encodesTheHeadWithCrlfLineEnds() {
        HandshakeRequest request = HandshakeRequest.get("/chat", HttpHeaders.of("Host", "h", "X-Empty", ""));

        assertEquals("GET /chat HTTP/1.1\r\nHost: h\r\nX-Empty: \r\n\r\n",
            StandardCharsets.ISO_8859_1.decode(request.encode()).toString());
    }

    @Test
    void encodesObsTextAsSingleBytes() {
        HandshakeRequest request = HandshakeRequest.get("/", HttpHeaders.of("X", "\u00e9"));

        assertEquals((byte) 0xE9, request.encode().get(19));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "G T   | /      | HTTP/1.1 | Method is not a token (RFC 9110 §5.6.2): 'G T'",
        "GET   | ``     | HTTP/1.1 | Empty request-target",
        "GET   | /a b   | HTTP/1.1 | Invalid character in request-target: '/a b'",
        "GET   | /      | HTTP/1   | Malformed HTTP version: 'HTTP/1'",
        "GET   | /      | http/1.1 | Malformed HTTP version: 'http/1.1'"})
    void refusesAStartLineThatBreaksTheGrammar(String method, String target, String version, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new HandshakeRequest(method, target, version, HttpHeaders.EMPTY));

        assertEquals(message, e.getMessage());
    }
}
