package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket peer in another process (python websockets, Node {@code ws}), run from a script in
 * {@code src/test/resources/interop} and driven over its standard streams: one command a line in, one event a
 * line out, payloads in hex (the scripts' comments describe the protocol). Its standard error goes to the
 * test's, so a peer's own complaints show up in the build log.
 */
final class PeerProcess implements AutoCloseable {
    /** The line {@link #next()} returns once the peer's standard output has ended. */
    static final String END = "<end of output>";

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private PeerProcess(Process process) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        Thread.ofVirtual().name("peer-stdout-" + process.pid()).start(this::readLines);
    }

    /**
     * Starts a peer.
     *
     * @param command the program and its arguments
     * @param environment variables to add to this process's environment
     * @return the running peer, ended by {@link #close()}
     */
    static PeerProcess start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        return new PeerProcess(builder.start());
    }

    /**
     * Tells whether a command runs and exits with 0 in time, its output discarded: whether a peer is installed.
     *
     * @param timeout the longest wait
     * @param command the program and its arguments
     * @return true on exit status 0 within the timeout
     */
    static boolean runs(Duration timeout, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The file of a script in {@code src/test/resources/interop}, as the build copied it. */
    static Path script(String name) {
        URL resource = PeerProcess.class.getResource("/interop/" + name);
        assertNotNull(resource, "no interop script " + name);
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The build's output directory ({@code target}, or {@code target<suffix>}), parent of the test classes. */
    static Path buildDirectory() {
        try {
            return Path.of(PeerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next line the peer printed, or {@link #END}; fails after 10 s of silence. */
    String next() throws InterruptedException {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertNotNull(line, "the peer printed nothing within 60 s");
        return line;
    }

    /** Reads the {@code port N} line of a peer that runs a server. */
    int port() throws InterruptedException {
        String line = next();
        assertTrue(line.startsWith("port "), line);
        return Integer.parseInt(line.substring("port ".length()));
    }

    void text(String text) throws IOException {
        command("text " + hex(text));
    }

    void binary(byte[] data) throws IOException {
        command("binary " + HexFormat.of().formatHex(data));
    }

    void ping(String data) throws IOException {
        command("ping " + hex(data));
    }

    void close(int code, String reason) throws IOException {
        command("close " + code + " " + hex(reason));
    }

    /** UTF-8 bytes in hex, as the peers print payloads. */
    static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private void command(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("error reading the peer's output: " + e);
        }
        lines.add(END);
    }

    /** Ends the peer (and anything it started), politely first. */
    @Override
    public void close() {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        family.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "PeerProcess[" + process.info().commandLine().orElse(Long.toString(process.pid())) + "]";
    }
}
