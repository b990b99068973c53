package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OpcodeTest {

    @Test
    void lookupFindsEveryDefinedOpcodeAndNoReservedOne() {
        // RFC 6455 §5.2 and §11.8: 0x3-0x7 and 0xB-0xF are reserved
        Map<Integer, Opcode> defined = Map.of(0x0, Opcode.CONTINUATION, 0x1, Opcode.TEXT, 0x2, Opcode.BINARY,
            0x8, Opcode.CLOSE, 0x9, Opcode.PING, 0xA, Opcode.PONG);
        for (int code = 0; code < 16; code++) {
            Opcode opcode = Opcode.lookup(code);
            if (defined.containsKey(code)) {
                assertSame(defined.get(code), opcode, Integer.toString(code));
                assertEquals(code, opcode.code());
            } else {
                assertNull(opcode, Integer.toString(code));
            }
        }
    }

    @Test
    void lookupReadsOnlyTheLowFourBits() {
        for (int code = 0; code < 16; code++) {
            assertSame(Opcode.lookup(code), Opcode.lookup(code | 0xF0));
            assertSame(Opcode.lookup(code), Opcode.lookup(code | 0x80));
        }
    }

    @Test
    void controlOpcodesAreThoseWithTheHighBitSet() {
        for (Opcode opcode : Opcode.values()) {
            assertEquals(opcode.code() >= 8, opcode.isControl(), opcode.name());
        }
        assertTrue(Opcode.CLOSE.isControl());
        assertTrue(Opcode.PING.isControl());
        assertTrue(Opcode.PONG.isControl());
        assertFalse(Opcode.CONTINUATION.isControl());
    }

    @Test
    void onlyTextAndBinaryStartDataMessages() {
        for (Opcode opcode : Opcode.values()) {
            assertEquals(opcode == Opcode.TEXT || opcode == Opcode.BINARY, opcode.isDataStart(), opcode.name());
        }
    }
}
