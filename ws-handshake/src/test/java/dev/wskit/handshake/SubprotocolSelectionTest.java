package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubprotocolSelectionTest {
    private static final List<String> SERVER = List.of("b", "c", "a");
    private static final List<String> CLIENT = List.of("a", "b");

    @Test
    void serverPreferenceTakesTheServersFirstCommonSubprotocol() {
        assertEquals("b", SubprotocolSelection.SERVER_PREFERENCE.select(SERVER, CLIENT));
    }

    @Test
    void clientPreferenceTakesTheClientsFirstCommonSubprotocol() {
        assertEquals("a", SubprotocolSelection.CLIENT_PREFERENCE.select(SERVER, CLIENT));
    }

    @Test
    void selectsNoneWithoutACommonSubprotocol() {
        assertNull(SubprotocolSelection.SERVER_PREFERENCE.select(SERVER, List.of("A", "d")));
        assertNull(SubprotocolSelection.CLIENT_PREFERENCE.select(List.of(), CLIENT));
    }
}
