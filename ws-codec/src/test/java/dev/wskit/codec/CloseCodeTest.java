package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CloseCodeTest {

    @Test
    void codesValidOnTheWireFollowRfcAndIanaRegistry() {
        // RFC 6455 §7.4.1, §7.4.2 and the IANA registry of §11.7
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
            3999, 4000, 4999}) {
            assertTrue(new CloseCode(code).isValidOnWire(), Integer.toString(code));
        }
    }

    @Test
    void reservedUnassignedAndLocalOnlyCodesAreInvalidOnTheWire() {
        // RFC 6455 §7.4.1: 1005, 1006 and 1015 MUST NOT be set in a Close frame; 1004 is reserved
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertFalse(new CloseCode(code).isValidOnWire(), Integer.toString(code));
        }
    }

    @Test
    void everyCodeIsValidOnTheWireExactlyWhenTheRangesSay() {
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean expected = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
            assertEquals(expected, CloseCode.of(code).isValidOnWire(), Integer.toString(code));
        }
    }

    @Test
    void applicationsMaySendOnlyNormalClosureAndRegisteredOrPrivateCodes() {
        for (int code = 0; code <= 0xFFFF; code++) {
            boolean expected = code == 1000 || (code >= 3000 && code <= 4999);
            assertEquals(expected, CloseCode.of(code).isSendable(), Integer.toString(code));
        }
        assertFalse(CloseCode.GOING_AWAY.isSendable());
        assertFalse(CloseCode.PROTOCOL_ERROR.isSendable());
        assertTrue(CloseCode.of(3000).isSendable());
        assertTrue(CloseCode.of(4999).isSendable());
        assertFalse(CloseCode.of(2999).isSendable());
        assertFalse(CloseCode.of(5000).isSendable());
    }

    @Test
    void ofSharesTheConstantsOfRegisteredCodes() {
        CloseCode[] constants = {CloseCode.NORMAL_CLOSURE, CloseCode.GOING_AWAY, CloseCode.PROTOCOL_ERROR,
            CloseCode.UNSUPPORTED_DATA, CloseCode.NO_STATUS_RECEIVED, CloseCode.ABNORMAL_CLOSURE,
            CloseCode.INVALID_PAYLOAD, CloseCode.POLICY_VIOLATION, CloseCode.MESSAGE_TOO_BIG,
            CloseCode.MANDATORY_EXTENSION, CloseCode.INTERNAL_ERROR, CloseCode.SERVICE_RESTART,
            CloseCode.TRY_AGAIN_LATER, CloseCode.BAD_GATEWAY, CloseCode.TLS_HANDSHAKE};
        int[] codes = {1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015};
        for (int i = 0; i < codes.length; i++) {
            assertSame(constants[i], CloseCode.of(codes[i]), Integer.toString(codes[i]));
            assertEquals(codes[i], constants[i].code());
        }
    }

    @Test
    void ofCreatesEqualValuesForOtherCodes() {
        for (int code : new int[] {0, 999, 1004, 1016, 3000, 4999, 65535}) {
            CloseCode closeCode = CloseCode.of(code);
            assertEquals(code, closeCode.code());
            assertEquals(new CloseCode(code), closeCode);
            assertEquals(Integer.toString(code), closeCode.toString());
        }
    }

    @Test
    void codesOutsideSixteenUnsignedBitsAreRejected() {
        for (int code : new int[] {-1, 0x10000, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CloseCode(code));
            assertTrue(e.getMessage().contains(Integer.toString(code)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> CloseCode.of(code));
        }
        assertEquals(0, new CloseCode(0).code());
        assertEquals(0xFFFF, new CloseCode(0xFFFF).code());
    }
}
