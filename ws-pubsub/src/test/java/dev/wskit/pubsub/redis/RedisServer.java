package dev.wskit.pubsub.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server}, run by a test on a free loopback port with persistence off, in a temporary
 * directory removed by {@link #close()}, so that nothing is left behind. It can be stopped and started again on
 * the same port, to test what happens while Redis is down. {@code .ci/run} installs it; a test skips (and says so
 * loudly) where it is missing. Shared with other modules' tests through this module's test jar.
 */
public final class RedisServer implements AutoCloseable {
    private static final String BINARY = "redis-server";
    private final int port;
    private final Path directory;
    private Process process;

    private RedisServer(int port, Path directory) {
        this.port = port;
        this.directory = directory;
    }

    /**
     * Tells what is missing to run Redis.
     *
     * @return why Redis cannot run, or {@code null} when it can
     */
    public static String missing() {
        try {
            Process version = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            if (version.waitFor(20, TimeUnit.SECONDS) && version.exitValue() == 0) {
                return null;
            }
            version.destroyForcibly();
        } catch (IOException e) {
            return "redis-server is not installed (apt-get install redis-server; .ci/run installs it)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "redis-server --version failed";
    }

    /**
     * Starts Redis on a free loopback port and waits until it accepts connections.
     *
     * @return the running server, stopped by {@link #close()}
     */
    public static RedisServer start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(port, Files.createTempDirectory("wskit-redis"));
        server.restart();
        return server;
    }

    /**
     * Returns the URI to connect to.
     *
     * @return {@code redis://127.0.0.1:port}
     */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Starts Redis again on the same port after {@link #stop()}, and waits until it accepts connections.
     */
    public void restart() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", directory.toString())
            .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server on port " + port + " not accepting; its log: "
                    + Files.readString(directory.resolve("redis.log"), StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(20);
        }
    }

    /** Stops Redis (SIGTERM, then SIGKILL), dropping every connection and subscription. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
