package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadersTest {
    private static final HttpHeaders HEADERS = HttpHeaders.of(
        "Host", "h", "Connection", "keep-alive", "X-Empty", "", "connection", "Upgrade");

    @Test
    void matchesNamesWithoutRegardToCase() {
        assertEquals(Optional.of("h"), HEADERS.first("HOST"));
        assertTrue(HEADERS.contains("x-empty"));
        assertFalse(HEADERS.contains("Origin"));
        assertEquals(Optional.empty(), HEADERS.first("Origin"));
    }

    @Test
    void combinesRepeatedFieldsInOrder() {
        assertEquals(Optional.of("keep-alive, Upgrade"), HEADERS.get("Connection"));
        assertEquals(List.of("keep-alive", "Upgrade"), HEADERS.all("CONNECTION"));
        assertEquals(2, HEADERS.count("connection"));
        assertEquals(Optional.of(""), HEADERS.get("X-Empty"));
        assertEquals(List.of(), HEADERS.all("Origin"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Upgrade                 | true",
        "keep-alive, Upgrade     | true",
        "keep-alive,upgrade      | true",
        "'  UPGRADE  ,x'         | true",
        "Upgrade2                | false",
        "x-upgrade               | false",
        "up grade                | false",
        "''                      | false",
        "','                     | false"})
    void findsTokensInListsIgnoringCaseAndWhitespace(String value, boolean found) {
        HttpHeaders headers = new HttpHeaders(new String[] {"Connection", value}, 1);

        assertEquals(found, headers.containsToken("connection", "upgrade"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a:b", "caf\u00e9", "a\r\nb"})
    void refusesNamesThatAreNotTokens(String name) {
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of(name, "v"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000", " a", "a\t", "\u0100", "a\u007f"})
    void refusesValuesThatCouldBreakTheHead(String value) {
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("X", value));
    }

    @Test
    void refusesAnOddNumberOfNamesAndValues() {
        assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("X"));
    }

    @Test
    void equalsIgnoresTheCaseOfNamesButNotOfValues() {
        assertEquals(HttpHeaders.of("x-a", "v"), HttpHeaders.of("X-A", "v"));
        assertEquals(HttpHeaders.of("x-a", "v").hashCode(), HttpHeaders.of("X-A", "v").hashCode());
        assertNotEquals(HttpHeaders.of("X-A", "v"), HttpHeaders.of("X-A", "V"));
        assertNotEquals(HttpHeaders.of("X-A", "v", "X-B", "w"), HttpHeaders.of("X-B", "w", "X-A", "v"));
    }

    @Test
    void buildsOnExistingFieldsAndVisitsThemInOrder() {
        HttpHeaders more = HEADERS.toBuilder().add("Origin", "http://h").addAll(HttpHeaders.of("A", "1")).build();
        List<String> visited = new ArrayList<>();

        more.forEach((name, value) -> visited.add(name + "=" + value));

        assertEquals(List.of("Host=h", "Connection=keep-alive", "X-Empty=", "connection=Upgrade", "Origin=http://h",
            "A=1"), visited);
        assertEquals("{Host: h, Connection: keep-alive, X-Empty: , connection: Upgrade}", HEADERS.toString());
        assertThrows(IndexOutOfBoundsException.class, () -> HEADERS.name(4));
        assertEquals(0, HttpHeaders.EMPTY.size());
    }
}
