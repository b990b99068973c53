package dev.wskit.codec.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.codec.CloseCode;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void closeReasonNeedsACode() {
        // RFC 6455 §5.5.1: a reason may only follow a status code
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Message.Close(null, "bye"));
        assertEquals("A close reason needs a close code: \"bye\"", e.getMessage());
    }

    @Test
    void emptyCloseHasNoCodeAndNoReason() {
        assertNull(Message.Close.EMPTY.code());
        assertEquals("", Message.Close.EMPTY.reason());
        assertEquals(Message.Close.EMPTY, new Message.Close(null, ""));
    }

    @Test
    void closeReasonIsAtMost123BytesOfUtf8() {
        assertEquals(123, Message.Close.of(CloseCode.NORMAL_CLOSURE, "a".repeat(123)).reason().length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Message.Close.of(CloseCode.NORMAL_CLOSURE, "a".repeat(124)));
        assertEquals("Close reason too long: 124 > 123 bytes", e.getMessage());
        // 41 three-byte characters are 123 bytes; one more ASCII byte is too many
        Message.Close.of(CloseCode.NORMAL_CLOSURE, "€".repeat(41));
        assertThrows(IllegalArgumentException.class, () -> Message.Close.of(CloseCode.NORMAL_CLOSURE,
            "€".repeat(41) + "a"));
    }

    @Test
    void closeCodesNotAllowedOnTheWireAreRejected() {
        // RFC 6455 §7.4.1: 1005, 1006 and 1015 are for reporting only
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Message.Close.of(CloseCode.of(code), ""));
            assertEquals("Close code not allowed on the wire: " + code, e.getMessage());
        }
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999}) {
            assertEquals(CloseCode.of(code), Message.Close.of(CloseCode.of(code), "ok").code());
        }
    }

    @Test
    void closeOfRequiresACode() {
        assertThrows(NullPointerException.class, () -> Message.Close.of(null, ""));
        assertThrows(NullPointerException.class, () -> new Message.Close(CloseCode.NORMAL_CLOSURE, null));
    }

    @Test
    void controlPayloadIsAtMost125Bytes() {
        // RFC 6455 §5.5: control frames MUST have a payload of 125 bytes or less
        assertEquals(125, new Message.Ping(ByteBuffer.allocate(125)).data().remaining());
        assertEquals(125, new Message.Pong(ByteBuffer.allocate(125)).data().remaining());
        IllegalArgumentException ping = assertThrows(IllegalArgumentException.class,
            () -> new Message.Ping(ByteBuffer.allocate(126)));
        assertEquals("Control frame payload too long: 126 > 125", ping.getMessage());
        IllegalArgumentException pong = assertThrows(IllegalArgumentException.class,
            () -> new Message.Pong(ByteBuffer.allocate(126)));
        assertEquals("Control frame payload too long: 126 > 125", pong.getMessage());
    }

    @Test
    void controlPayloadIsMeasuredBetweenPositionAndLimit() {
        ByteBuffer data = ByteBuffer.allocate(200).position(75);
        assertEquals(125, new Message.Ping(data).data().remaining());
        assertThrows(IllegalArgumentException.class, () -> new Message.Ping(ByteBuffer.allocate(200).position(74)));
    }

    @Test
    void dataMessagesRequireTheirPayload() {
        assertThrows(NullPointerException.class, () -> new Message.Text(null));
        assertThrows(NullPointerException.class, () -> new Message.Binary(null));
        assertThrows(NullPointerException.class, () -> new Message.Ping(null));
        assertThrows(NullPointerException.class, () -> new Message.Pong(null));
    }
}
