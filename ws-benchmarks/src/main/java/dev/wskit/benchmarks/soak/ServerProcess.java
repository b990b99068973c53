package dev.wskit.benchmarks.soak;

import dev.wskit.benchmarks.compare.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server under soak, in a JVM of its own ({@link SoakServer}) so that the load's garbage and threads do not
 * count: a fixed, pre-touched heap (so the resident set moves with native memory only) and Native Memory
 * Tracking on. Speaks to it over its standard input and output. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final long ANSWER_SECONDS = 120;

    private final Process process;
    private final BufferedReader in;
    private final PrintWriter out;
    private final int port;

    private ServerProcess(Process process) throws IOException {
        this.process = process;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.out = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.port = Integer.parseInt(expect("READY").substring("READY port=".length()));
    }

    /**
     * Starts the server's JVM and waits for its port.
     *
     * @param transport the transport's name
     * @param deflate whether to accept permessage-deflate
     * @param heapMib the server's fixed heap, in MiB
     * @return the running server
     * @throws IOException when it cannot start or does not announce its port
     */
    static ServerProcess start(String transport, boolean deflate, int heapMib) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms" + heapMib + "m", "-Xmx" + heapMib + "m", "-XX:+AlwaysPreTouch",
            "-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
            SoakServer.class.getName(), transport, deflate ? "deflate" : "plain"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            return new ServerProcess(process);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Returns the server's port on 127.0.0.1.
     *
     * @return the port
     */
    int port() {
        return port;
    }

    /**
     * Samples the server once at most {@code open} connections remain.
     *
     * @param open the connections expected to stay open (held ones)
     * @param cycle the cycles completed
     * @param cyclesPerSecond the rate since the previous sample
     * @return the sample
     * @throws IOException when the server does not answer
     */
    Sample sample(long open, long cycle, double cyclesPerSecond) throws IOException {
        out.println("SAMPLE " + open);
        return Sample.parse(expect("SAMPLE"), cycle, cyclesPerSecond);
    }

    private String expect(String prefix) throws IOException {
        String line;
        try {
            line = CompletableFuture.supplyAsync(this::readLine).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + prefix + " from the server", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("No " + prefix + " from the server within " + ANSWER_SECONDS + " s", e);
        }
        if (line == null || !line.startsWith(prefix + " ")) {
            throw new IOException("Expected " + prefix + " from the server but was " + line);
        }
        return line;
    }

    private String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Tells the server to stop and waits for it, killing it after ten seconds. */
    @Override
    public void close() {
        out.println("QUIT");
        ChildProcesses.awaitOrKill(process);
    }
}
