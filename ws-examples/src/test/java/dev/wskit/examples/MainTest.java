package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.Backpressure;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void everySubcommandHasHelp() {
        for (String subcommand : new String[] {"chat", "echo", "client", "autobahn-client"}) {
            out.reset();
            assertEquals(0, run(subcommand, "--help"), subcommand);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: java -jar wskit-examples.jar " + subcommand),
                subcommand);
        }
        assertEquals(0, run("--help"));
    }

    @Test
    void echoClosesPeersThatDoNotReadAndSaysSoInItsHelp() throws Exception {
        assertEquals(0, run("echo", "--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("1008 Policy Violation"), help);
        assertTrue(help.contains("--write-stall SECONDS"), help);
        ServerConfig config = EchoCommand.config(Options.parse(new String[] {"--port", "0", "--write-stall", "5"},
            ServerSetup.VALUED, ServerSetup.FLAGS));
        assertEquals(Backpressure.Overflow.CLOSE_1008, config.connection().backpressure().overflow());
        assertEquals(Duration.ofSeconds(5), config.connection().backpressure().writeStallTimeout());
        Backpressure byDefault = EchoCommand.config(Options.parse(new String[0], ServerSetup.VALUED,
            ServerSetup.FLAGS)).connection().backpressure();
        assertEquals(Backpressure.DEFAULT_WRITE_STALL_TIMEOUT, byDefault.writeStallTimeout());
    }

    @Test
    void noSubcommandOrAnUnknownOneExitsWithTwo() {
        assertEquals(2, run());
        assertEquals(2, run("serve"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown subcommand: serve"));
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        assertEquals(2, run("echo", "--prot", "9000"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown option: --prot"));
        assertEquals(2, run("echo", "--port", "http"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Port is not a number: http"));
        assertEquals(2, run("echo", "--transport", "carrier-pigeon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Unknown transport: carrier-pigeon"));
        assertEquals(2, run("client"));
    }

    @Test
    void portInUseExitsWithOneAndSaysSo() throws Exception {
        WebSocketServer busy = EchoCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED,
            ServerSetup.FLAGS));
        try {
            assertEquals(1, run("echo", "--port", Integer.toString(busy.port())));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("is the port in use?"), err.toString());
        } finally {
            busy.stop();
        }
    }

    @Test
    void clientThatCannotConnectExitsWithOne() {
        assertEquals(1, run("client", "ws://127.0.0.1:1/nowhere", "--connect-timeout", "2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Failed:"), err.toString());
    }
}
