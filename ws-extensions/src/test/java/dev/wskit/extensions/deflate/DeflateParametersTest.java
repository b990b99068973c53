package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Role;
import dev.wskit.handshake.ExtensionOffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeflateParametersTest {
    @Test
    void parsesAndFormatsEveryParameter() {
        DeflateParameters parameters = parse("permessage-deflate; server_no_context_takeover; "
            + "client_no_context_takeover; server_max_window_bits=8; client_max_window_bits=15");
        assertEquals(new DeflateParameters(true, true, 8, 15), parameters);
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
            + "server_max_window_bits=8; client_max_window_bits=15", parameters.toOffer().format());
    }

    @Test
    void clientMaxWindowBitsMayHaveNoValue() {
        DeflateParameters parameters = parse("permessage-deflate; client_max_window_bits");
        assertEquals(DeflateParameters.NO_VALUE, parameters.clientMaxWindowBits());
        assertEquals("permessage-deflate; client_max_window_bits", parameters.toString());
        assertEquals(DeflateParameters.MAX_WINDOW_BITS, parameters.windowBits(Role.CLIENT));
    }

    @Test
    void absentParametersMeanContextAndFullWindows() {
        DeflateParameters parameters = parse("permessage-deflate");
        assertEquals(DeflateParameters.NONE, parameters);
        for (Role role : Role.values()) {
            assertFalse(parameters.noContextTakeover(role));
            assertEquals(15, parameters.windowBits(role));
        }
    }

    @Test
    void rolePicksItsOwnParameters() {
        DeflateParameters parameters = new DeflateParameters(true, false, 9, 12);
        assertTrue(parameters.noContextTakeover(Role.SERVER));
        assertFalse(parameters.noContextTakeover(Role.CLIENT));
        assertEquals(9, parameters.windowBits(Role.SERVER));
        assertEquals(12, parameters.windowBits(Role.CLIENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x-deflate",
        "permessage-deflate; unknown",
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; SERVER_MAX_WINDOW_BITS=9; server_max_window_bits=9",
        "permessage-deflate; client_no_context_takeover=yes",
        "permessage-deflate; server_max_window_bits",
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=016",
        "permessage-deflate; client_max_window_bits=08",
        "permessage-deflate; client_max_window_bits=+9",
        "permessage-deflate; client_max_window_bits=1e1"})
    void rejectsWhatRfc7692Section71Forbids(String header) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(header));
        assertTrue(e.getMessage().startsWith("Expected ") || e.getMessage().startsWith("Repeated "), e.getMessage());
    }

    @Test
    void constructorChecksWindowRanges() {
        assertThrows(IllegalArgumentException.class, () -> new DeflateParameters(false, false, 7, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeflateParameters(false, false, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeflateParameters(false, false, 0, 16));
        assertEquals(10, DeflateParameters.NONE.withClientMaxWindowBits(10).clientMaxWindowBits());
    }

    private static DeflateParameters parse(String header) {
        return DeflateParameters.parse(ExtensionOffer.parse(header).get(0));
    }
}
