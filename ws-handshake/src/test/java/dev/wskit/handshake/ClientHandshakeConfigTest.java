package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHandshakeConfigTest {
    @Test
    void defaultsToSecureKeysAndNothingRequested() {
        ClientHandshakeConfig config = ClientHandshakeConfig.defaults();

        assertEquals(Optional.empty(), config.origin());
        assertEquals(List.of(), config.subprotocols());
        assertEquals(List.of(), config.extensions());
        assertEquals(HttpHeaders.EMPTY, config.headers());
        assertEquals(HeadLimits.DEFAULT, config.limits());
        assertInstanceOf(SecureRandom.class, config.keys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "upgrade", "Connection", "Sec-WebSocket-Key", "sec-websocket-version",
        "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin", "Content-Length"})
    void refusesHeadersTheHandshakeManages(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ClientHandshakeConfig.builder().headers(HttpHeaders.of(name, "x")).build());

        assertTrue(e.getMessage().toLowerCase(Locale.ROOT).startsWith("header " + name.toLowerCase(Locale.ROOT) + " "),
            e.getMessage());
        assertTrue(e.getMessage().endsWith(" is set by the handshake, not the application"), e.getMessage());
    }

    @Test
    void refusesInvalidOriginsSubprotocolsAndExtensions() {
        assertThrows(IllegalArgumentException.class, () -> ClientHandshakeConfig.builder().origin("a\r\nb").build());
        assertThrows(IllegalArgumentException.class, () -> ClientHandshakeConfig.builder().subprotocols("a", "a")
            .build());
        assertThrows(IllegalArgumentException.class, () -> ClientHandshakeConfig.builder()
            .extensions(new FakeNegotiator("x", 0b100), new FakeNegotiator("x", 0b010)).build());
    }
}
