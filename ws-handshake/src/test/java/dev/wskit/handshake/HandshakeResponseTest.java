package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeResponseTest {
    @Test
    void givesTheUsualReasonPhrase() {
        assertEquals("Switching Protocols", HandshakeResponse.of(101, HttpHeaders.EMPTY).reason());
        assertEquals("Request Header Fields Too Large", HandshakeResponse.of(431, HttpHeaders.EMPTY).reason());
        assertEquals("", HandshakeResponse.of(599, HttpHeaders.EMPTY).reason());
    }

    @Test
    void encodesTheHeadAndABody() {
        HandshakeResponse response = HandshakeResponse.of(400, HttpHeaders.of("Content-Length", "2"));

        assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\nno",
            StandardCharsets.ISO_8859_1.decode(response.encode("no".getBytes(StandardCharsets.US_ASCII))).toString());
        assertEquals("HTTP/1.1 400 Bad Request\r\nContent-Length: 2\r\n\r\n",
            StandardCharsets.ISO_8859_1.decode(response.encode()).toString());
    }

    @Test
    void refusesAStatusLineThatBreaksTheGrammar() {
        assertThrows(IllegalArgumentException.class, () -> HandshakeResponse.of(99, HttpHeaders.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> HandshakeResponse.of(600, HttpHeaders.EMPTY));
        assertThrows(IllegalArgumentException.class,
            () -> new HandshakeResponse("HTTP/1.1", 101, "OK\r\nX: y", HttpHeaders.EMPTY));
        assertThrows(IllegalArgumentException.class,
            () -> new HandshakeResponse("HTTP/1.1x", 101, "OK", HttpHeaders.EMPTY));
    }
}
