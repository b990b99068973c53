package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client as a user runs it: a separate JVM (this one's {@code java} and class path) whose standard
 * streams are pipes, or a pseudo-terminal made by util-linux {@code script}.
 */
class ClientProcessTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    private WebSocketServer echo;
    private Process process;

    @BeforeEach
    void startEcho() throws Exception {
        echo = EchoCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED, ServerSetup.FLAGS));
    }

    @AfterEach
    void stopAll() {
        if (process != null) {
            process.destroyForcibly();
        }
        echo.stop();
    }

    private List<String> client(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
            "-cp", System.getProperty("java.class.path"), Main.class.getName(), "client"));
        command.addAll(List.of(args));
        return command;
    }

    private String url() {
        return "ws://127.0.0.1:" + echo.port() + "/echo";
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static void copyInto(InputStream in, Transcript transcript) {
        Thread.ofPlatform().daemon().start(() -> {
            try {
                in.transferTo(transcript);
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    private static String shellQuoted(List<String> command) {
        return command.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    @Test
    void throughPipesRawOutputIsReadyForJq() throws Exception {
        process = new ProcessBuilder(client("-r", url())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("{\"n\":1}\n{\"n\":2}\n", stdout.get(60, TimeUnit.SECONDS));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client did not exit");
        assertEquals(0, process.exitValue());
    }

    @Test
    void throughPipesTheClientExitsWhenTheServerClosesThoughStdinStaysOpen() throws Exception {
        process = new ProcessBuilder(client(url())).redirectErrorStream(true).start();
        Transcript transcript = new Transcript();
        copyInto(process.getInputStream(), transcript);
        OutputStream stdin = process.getOutputStream();
        stdin.write("ready\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        transcript.await("< text: ready");
        echo.stop();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client did not exit: " + transcript.text());
        assertEquals(0, process.exitValue(), transcript.text());
        assertTrue(transcript.text().contains("< close 1001 Server stopping (clean)"), transcript.text());
        stdin.close();
    }

    @Test
    void inATerminalTheClientExitsWhenTheServerCloses() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "util-linux script is not installed");
        process = new ProcessBuilder(SCRIPT.toString(), "-q", "-e", "-c", shellQuoted(client(url(), "-P")), "/dev/null")
            .redirectErrorStream(true).start();
        Transcript terminal = new Transcript();
        copyInto(process.getInputStream(), terminal);
        OutputStream keyboard = process.getOutputStream();
        keyboard.write("typed on a tty\n/hex 00ff\n".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        terminal.await("< binary (2 bytes): 00ff");
        assertTrue(terminal.text().contains("< text: typed on a tty"), terminal.text());
        echo.stop();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the client did not exit: " + terminal.text());
        assertEquals(0, process.exitValue(), terminal.text());
        assertTrue(terminal.text().contains("< close 1001 Server stopping (clean)"), terminal.text());
        keyboard.close();
    }
}
