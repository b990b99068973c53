package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@code nio} transport holds 10,000 concurrent connections on a few threads and exchanges a message on
 * each, and an idle connection costs little heap. The clients run in a child process ({@link ScaleClient}),
 * so that neither process needs more than 10,000 file descriptors (the hard limit here is 20,000, which a
 * test cannot raise) and the server's heap is measured alone.
 */
class ScaleTest {
    private static final int CONNECTIONS = 10_000;
    /** A generous bound, so that the test is not flaky; the figure printed is the one to watch. */
    private static final long MAX_HEAP_PER_IDLE_CONNECTION = 32 * 1024;

    @Test
    void holdsTenThousandConnectionsExchangingMessages() throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            // the JVM lifts its soft limit to the hard one by itself; a test cannot go beyond the hard one
            long limit = unix.getMaxFileDescriptorCount();
            assumeTrue(limit > CONNECTIONS + 1_000, "needs " + (CONNECTIONS + 1_000)
                + " file descriptors per process, the limit is " + limit + " (ulimit -Hn)");
        }
        AtomicInteger received = new AtomicInteger();
        WebSocket.Listener echo = new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                received.incrementAndGet();
                socket.sendText(text);
            }
        };
        WebSocketServer server = WebSocketServer.start(ServerConfig.builder().transport(Transports.nio())
            .maxConnections(2 * CONNECTIONS).endpoint("/", () -> echo).build());
        File errors = File.createTempFile("wskit-scale-client", ".log");
        Process client = null;
        try {
            long before = ScaleClient.usedHeapAfterGc();
            client = startClient(server.port(), errors);
            BlockingQueue<String> lines = linesOf(client);
            String opened = expect(lines, "OPEN", errors);
            assertEquals(CONNECTIONS, server.connections().size(), "server-side connections");
            long perConnection = (ScaleClient.usedHeapAfterGc() - before) / CONNECTIONS;
            System.out.printf("nio heap per idle connection: %,d bytes on the server, %s bytes on the client"
                + " (%,d connections, no TLS or compression)%n", perConnection, opened.split(" ")[2], CONNECTIONS);

            send(client, "SEND");
            assertEquals("ECHOED " + CONNECTIONS, expect(lines, "ECHOED", errors));
            assertEquals(CONNECTIONS, received.get());
            send(client, "QUIT");
            assertEquals("CLOSED", expect(lines, "CLOSED", errors));
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client process ends");
            assertTrue(perConnection <= MAX_HEAP_PER_IDLE_CONNECTION, perConnection + " bytes per idle connection");
        } finally {
            if (client != null) {
                client.destroyForcibly();
            }
            server.stop(Duration.ofSeconds(1));
            Files.deleteIfExists(errors.toPath());
        }
    }

    private static Process startClient(int port, File errors) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
            ScaleClient.class.getName(), Integer.toString(port), Integer.toString(CONNECTIONS)))
            .redirectError(errors)
            .start();
    }

    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("FAIL " + e);
            }
        });
        return lines;
    }

    private static String expect(BlockingQueue<String> lines, String prefix, File errors) throws Exception {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertNotNull(line, "no " + prefix + " from the client within 60 s; its errors: "
            + Files.readString(errors.toPath()));
        assertTrue(line.startsWith(prefix), line + "; the client's errors: " + Files.readString(errors.toPath()));
        return line;
    }

    private static void send(Process process, String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
