package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientCommandTest {

    @Test
    void pipedLinesAreSentAndEchoesPrintedThenItClosesCleanly() throws Exception {
        WebSocketServer echo = EchoCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED,
            ServerSetup.FLAGS));
        try {
            String input = "hello\n/ping are you there\nwörld\n";
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"client", "ws://127.0.0.1:" + echo.port() + "/echo"},
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed);
            assertTrue(printed.contains("< text: hello"), printed);
            assertTrue(printed.contains("< pong: are you there"), printed);
            assertTrue(printed.contains("< text: wörld"), printed);
            assertTrue(printed.contains("< close 1000 (clean)"), printed);
        } finally {
            echo.stop();
        }
    }

    @Test
    void insecureModeConnectsToASelfSignedServer() throws Exception {
        WebSocketServer echo = EchoCommand.start(Options.parse(new String[] {"--port", "0", "--tls"},
            ServerSetup.VALUED, ServerSetup.FLAGS));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"client", "wss://127.0.0.1:" + echo.port() + "/", "--insecure",
                "--close-code", "4000", "--close-reason", "done"},
                new ByteArrayInputStream("secure\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed);
            assertTrue(printed.contains("< text: secure"), printed);
            assertTrue(printed.contains("< close 4000 done (clean)"), printed);
        } finally {
            echo.stop();
        }
    }
}
