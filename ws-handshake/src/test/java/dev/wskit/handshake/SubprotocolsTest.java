package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubprotocolsTest {
    @Test
    void parsesTheClientsListInOrder() {
        assertEquals(List.of("chat", "superchat"), Subprotocols.parse("chat, superchat"));
        assertEquals(List.of("v1.chat", "v2"), Subprotocols.parse(" ,v1.chat ,,\tv2 "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``           | Malformed Sec-WebSocket-Protocol: expected at least one element at index 0 of ''",
        "chat superchat | Malformed Sec-WebSocket-Protocol: expected ',' or the end at index 5 of 'chat superchat'",
        "chat; v=1    | Malformed Sec-WebSocket-Protocol: expected ',' or the end at index 4 of 'chat; v=1'",
        "\"chat\"     | Malformed Sec-WebSocket-Protocol: expected a subprotocol token at index 0 of '\"chat\"'",
        "chat, chat   | Subprotocol listed twice: 'chat'"})
    void rejectsMalformedLists(String value, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Subprotocols.parse(value))
            .getMessage());
    }

    @Test
    void formatsAndRoundTrips() {
        List<String> subprotocols = List.of("mqtt", "wamp.2.json", "x~y");

        assertEquals("mqtt, wamp.2.json, x~y", Subprotocols.format(subprotocols));
        assertEquals(subprotocols, Subprotocols.parse(Subprotocols.format(subprotocols)));
    }

    @Test
    void refusesToFormatInvalidLists() {
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.format(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.format(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> Subprotocols.format(List.of("a,b")));
    }
}
