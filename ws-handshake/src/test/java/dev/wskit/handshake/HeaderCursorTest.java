package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderCursorTest {
    @Test
    void readsListsSkippingEmptyElementsAndWhitespace() {
        HeaderCursor cursor = new HeaderCursor("X", ", a ,\t,b,, ");

        assertEquals(List.of("a", "b"), cursor.list(c -> c.token("a token")));
    }

    @Test
    void unescapesQuotedPairs() {
        assertEquals("a\"b\\c", new HeaderCursor("X", "\"a\\\"b\\\\c\"").tokenOrQuoted("a value"));
        assertEquals("tok", new HeaderCursor("X", "tok").tokenOrQuoted("a value"));
    }

    @Test
    void failsNamingTheHeaderThePositionAndWhatWasExpected() {
        HeaderCursor cursor = new HeaderCursor("X-List", "a\u0001");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> cursor.list(c -> c.token("a token")));

        assertEquals("Malformed X-List: expected ',' or the end at index 1 of 'a\\x01'", e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new HeaderCursor("X", "\"a\u0000\"").tokenOrQuoted("a value"));
    }
}
