package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientLineTest {
    private static String rejection(String line) {
        return assertThrows(IllegalArgumentException.class, () -> ClientLine.parse(line)).getMessage();
    }

    @Test
    void plainLinesAreTextAndADoubleSlashSendsOneSlash() {
        assertEquals(new ClientLine.Text("{\"a\": 1}"), ClientLine.parse("{\"a\": 1}"));
        assertEquals(new ClientLine.Text(""), ClientLine.parse(""));
        assertEquals(new ClientLine.Text("/usr/bin"), ClientLine.parse("//usr/bin"));
    }

    @Test
    void hexAndBase64LinesAreBinaryMessages() {
        ClientLine hex = ClientLine.parse("/hex 48 69 ff");
        ClientLine base64 = ClientLine.parse("/base64 SGn/");
        assertArrayEquals(new byte[] {0x48, 0x69, (byte) 0xff}, ((ClientLine.Binary) hex).data());
        assertArrayEquals(new byte[] {0x48, 0x69, (byte) 0xff}, ((ClientLine.Binary) base64).data());
        assertEquals(0, ((ClientLine.Binary) ClientLine.parse("/hex")).data().length);
    }

    @Test
    void pingsAndPongsCarryTheirText() {
        assertArrayEquals("are you there".getBytes(StandardCharsets.UTF_8),
            ((ClientLine.Ping) ClientLine.parse("/ping are you there")).data());
        assertArrayEquals(new byte[0], ((ClientLine.Ping) ClientLine.parse("/ping")).data());
        assertArrayEquals("still here".getBytes(StandardCharsets.UTF_8),
            ((ClientLine.Pong) ClientLine.parse("/pong still here")).data());
    }

    @Test
    void closeTakesAnyCodeValidOnTheWire() {
        assertEquals(new ClientLine.Close(1000, ""), ClientLine.parse("/close"));
        assertEquals(new ClientLine.Close(1001, "going away now"), ClientLine.parse("/close 1001 going away now"));
        assertEquals(new ClientLine.Close(1011, ""), ClientLine.parse("/close 1011"));
        assertEquals(new ClientLine.Close(4000, "done"), ClientLine.parse("/close 4000 done"));
    }

    @Test
    void closeRefusesCodesThatAreNeverSent() {
        for (String code : new String[] {"1005", "1006", "1015", "999", "1004", "2999", "5000", "70000"}) {
            assertTrue(rejection("/close " + code).startsWith("Close code not valid on the wire: " + code), code);
        }
        assertEquals("Close code is not a number: soon", rejection("/close soon"));
        assertEquals("Close reason too long: 124 > 123 bytes", rejection("/close 1000 " + "r".repeat(124)));
    }

    @Test
    void badArgumentsAreRefusedNamingTheValue() {
        assertEquals("Not hex (pairs of 0-9 a-f): 4g", rejection("/hex 4g"));
        assertEquals("Not base64: ***", rejection("/base64 ***"));
        assertEquals("Control frame payload too long: 126 > 125 bytes", rejection("/ping " + "p".repeat(126)));
    }

    @Test
    void unknownCommandsSayHowToSendThemAsText() {
        String message = rejection("/quit now");
        assertTrue(message.startsWith("Unknown command /quit"), message);
        assertTrue(message.endsWith("//quit now sends it as text"), message);
    }
}
