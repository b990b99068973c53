package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestFieldsTest {
    private static final RequestFields FIELDS = new RequestFields(HttpHeaders.of(
        "host", "h", "Connection", "keep-alive", "X-Long-Name-Of-Twenty-Seven", "x", "CONNECTION", "Upgrade",
        "Sec-WebSocket-Key", "k", "Hots", "not host"));

    @Test
    void findsTrackedFieldsWithoutRegardToCase() {
        assertEquals(1, FIELDS.count("Host"));
        assertEquals("h", FIELDS.firstOrNull("Host"));
        assertEquals("k", FIELDS.combinedOrNull("Sec-WebSocket-Key"));
        assertEquals(0, FIELDS.count("Origin"));
        assertNull(FIELDS.firstOrNull("Origin"));
    }

    @Test
    void combinesRepeatedFieldsAndSearchesEveryLine() {
        assertEquals(2, FIELDS.count("Connection"));
        assertEquals("keep-alive, Upgrade", FIELDS.combinedOrNull("Connection"));
        assertTrue(FIELDS.containsToken("Connection", "upgrade"));
        assertFalse(FIELDS.containsToken("Upgrade", "websocket"));
    }

    @Test
    void describesFieldsForMessages() {
        assertEquals("'keep-alive, Upgrade'", FIELDS.describe("Connection"));
        assertEquals("absent", FIELDS.describe("Sec-WebSocket-Version"));
    }
}
