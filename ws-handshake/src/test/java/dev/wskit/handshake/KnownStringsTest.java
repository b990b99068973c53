package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KnownStringsTest {
    @Test
    void sharesTheConstantForAKnownString() {
        byte[] bytes = Splits.bytes("xSec-WebSocket-Keyx");

        assertSame("Sec-WebSocket-Key", KnownStrings.NAMES.decode(bytes, 1, 17));
        assertSame("sec-websocket-key", KnownStrings.NAMES.decode(Splits.bytes("sec-websocket-key"), 0, 17));
        assertSame("websocket", KnownStrings.VALUES.decode(Splits.bytes("websocket"), 0, 9));
    }

    @Test
    void decodesOtherStringsAsIso88591() {
        String decoded = KnownStrings.NAMES.decode(Splits.bytes("Sec-WebSocket-KeY"), 0, 17);

        assertEquals("Sec-WebSocket-KeY", decoded);
        assertEquals("caf\u00e9", KnownStrings.VALUES.decode(Splits.bytes("caf\u00e9"), 0, 4));
        assertNotSame("x".repeat(40), KnownStrings.VALUES.decode(Splits.bytes("x".repeat(40)), 0, 40));
        assertNull(KnownStrings.NAMES.find(Splits.bytes("X-Custom"), 0, 8));
        assertEquals("", KnownStrings.VALUES.decode(new byte[0], 0, 0));
    }
}
