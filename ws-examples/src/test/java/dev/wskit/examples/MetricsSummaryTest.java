package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code echo --metrics} counts its connections and prints them (RFC 6455 §7.4 close codes among them). */
class MetricsSummaryTest {
    @Test
    void echoWithMetricsPrintsItsConnectionsMessagesAndCloses() throws Exception {
        ServerConfig config = EchoCommand.config(Options.parse(new String[] {"--port", "0", "--metrics"},
            ServerSetup.VALUED, ServerSetup.FLAGS));
        WebSocketServer server = WebSocketServer.start(config);
        CompletableFuture<String> echoed = new CompletableFuture<>();
        try {
            WebSocket socket = WebSocketClient.create().connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"),
                new WebSocket.Listener() {
                    @Override
                    public void onText(WebSocket webSocket, String text) {
                        echoed.complete(text);
                    }
                }).get(60, TimeUnit.SECONDS);
            socket.sendText("hello");
            assertEquals("hello", echoed.get(60, TimeUnit.SECONDS));
            socket.close(4000, "bye").get(60, TimeUnit.SECONDS);
        } finally {
            server.stop(Duration.ofSeconds(5));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ((MetricsSummary) config.connection().metrics()).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("Metrics: 1 connections opened\n"
            + "  in:  1 messages, 5 bytes\n"
            + "  out: 1 messages, 5 bytes\n"), summary);
        assertTrue(summary.endsWith("  closed with 4000 by remote: 1\n"), summary);
    }
}
