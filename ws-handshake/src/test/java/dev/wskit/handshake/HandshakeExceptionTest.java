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

    @Test
    void withBodyKeepsEverythingElseAndAtMostFourKibibytes() {
        HandshakeResponse refused = HandshakeResponse.of(403, HttpHeaders.of("X-Reason", "banned"));
        HandshakeException without = new HandshakeException(refused, "Expected status 101 but was 403");

        HandshakeException with = without.withBody(new byte[HandshakeException.MAX_BODY + 1]);

        assertEquals(0, without.body().length);
        assertEquals(HandshakeException.MAX_BODY, with.body().length);
        assertEquals(403, with.status());
        assertEquals("Expected status 101 but was 403", with.getMessage());
        assertEquals(Optional.of("banned"), with.headers().first("X-Reason"));
        assertEquals(HttpHeaders.EMPTY, new HandshakeException(101, "x").headers());
    }
}
