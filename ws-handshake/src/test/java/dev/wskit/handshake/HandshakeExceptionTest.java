package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeExceptionTest {
    @Test
    void carriesTheStatusAndNothingElseWithoutAResponse() {
        HandshakeException e = new HandshakeException(101, "Expected x but was y");

        assertEquals(101, e.status());
        assertEquals("Expected x but was y", e.getMessage());
        assertEquals(Optional.empty(), e.location());
        assertEquals(Optional.empty(), e.response());
    }

    @Test
    void carriesTheLocationOfARedirect() {
        HandshakeResponse redirect = HandshakeResponse.of(307, HttpHeaders.of("Location", "wss://b/"));

        HandshakeException e = new HandshakeException(redirect, "Expected status 101 but was 307");

        assertEquals(307, e.status());
        assertEquals(Optional.of("wss://b/"), e.location());
        assertEquals(Optional.of(redirect), e.response());
    }

    @Test
    void ignoresLocationOutsideRedirects() {
        HandshakeResponse created = HandshakeResponse.of(401, HttpHeaders.of("Location", "/login"));

        assertEquals(Optional.empty(), new HandshakeException(created, "Expected status 101 but was 401").location());
    }
}
