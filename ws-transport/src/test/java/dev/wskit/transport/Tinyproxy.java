package dev.wskit.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code tinyproxy}, a real HTTP proxy, run by a test in the foreground on a free loopback port with a
 * generated configuration, and its log kept for the test to read. {@code .ci/run} installs it; a test skips
 * (and says so loudly) where it is missing.
 */
final class Tinyproxy implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path directory;

    private Tinyproxy(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** Tells what is missing to run tinyproxy, or null when it runs. */
    static String missing() {
        return PeerProcess.runs(Duration.ofSeconds(20), "tinyproxy", "-v") ? null
            : "tinyproxy is not installed (apt-get install tinyproxy; .ci/run installs it)";
    }

    /**
     * Starts tinyproxy and waits until it accepts connections.
     *
     * @param extra configuration lines to add, such as {@code BasicAuth user password}
     * @return the running proxy, stopped by {@link #close()}
     */
    static Tinyproxy start(String extra) throws Exception {
        Path directory = Files.createTempDirectory("wskit-tinyproxy");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path config = directory.resolve("tinyproxy.conf");
        Files.writeString(config, String.join("\n",
            "Port " + port,
            "Listen 127.0.0.1",
            "Timeout 60",
            "Allow 127.0.0.1",
            "MaxClients 50",
            "LogLevel Connect",
            "LogFile \"" + directory.resolve("tinyproxy.log") + "\"",
            extra, ""), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("tinyproxy", "-d", "-c", config.toString())
            .redirectErrorStream(true).redirectOutput(directory.resolve("stdout").toFile()).start();
        Tinyproxy proxy = new Tinyproxy(process, port, directory);
        Await.until(Duration.ofSeconds(30), proxy::accepts, proxy::describe);
        return proxy;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** What tinyproxy logged so far. */
    String log() throws IOException {
        Path log = directory.resolve("tinyproxy.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("tinyproxy ended: " + describe());
        }
        try (Socket socket = new Socket()) {
            socket.connect(address(), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String describe() {
        try {
            return "tinyproxy on port " + port + " not accepting; its output: "
                + Files.readString(directory.resolve("stdout"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "tinyproxy on port " + port + " not accepting, no output: " + e;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
