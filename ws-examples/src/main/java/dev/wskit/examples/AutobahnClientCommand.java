package dev.wskit.examples;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code autobahn-client}: the client driver of the Autobahn|Testsuite fuzzing server. It asks the server for
 * its case count ({@code /getCaseCount}), runs each case by echoing every message the server sends
 * ({@code /runCase?case=N&agent=A}), then asks it to write its reports ({@code /updateReports?agent=A}).
 */
final class AutobahnClientCommand extends Command {
    private static final Set<String> VALUED = Set.of("url", "agent", "transport", "case-timeout", "cases");
    private static final Set<String> FLAGS = Set.of("deflate", "help");
    private static final int MAX_MESSAGE = 16 << 20;

    @Override
    String usage() {
        return """
            Usage: java -jar wskit-examples.jar autobahn-client [options]

            Runs every case of an Autobahn|Testsuite fuzzing server against the wskit client.

              --url URL             the fuzzing server (default ws://127.0.0.1:9001)
              --agent NAME          the agent name in the reports (default wskit)
              --transport NAME      blocking, virtual or nio (default virtual)
              --deflate             offer permessage-deflate (cases 12 and 13)
              --cases N             run only the first N cases
              --case-timeout SEC    give up on a case after SEC seconds (default 480, the suite's own limit)
              --help                this text
            """;
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, VALUED, FLAGS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        String base = options.get("url", "ws://127.0.0.1:9001");
        String agent = URLEncoder.encode(options.get("agent", "wskit"), StandardCharsets.UTF_8);
        WebSocketClient client = WebSocketClient.create(config(options));
        int count = caseCount(client, base);
        int limit = Math.min(count, options.intValue("cases", count));
        out.println("The fuzzing server has " + count + " cases; running " + limit + " as agent " + agent);
        int timeout = options.intValue("case-timeout", 480);
        int unfinished = 0;
        for (int n = 1; n <= limit; n++) {
            if (!runCase(client, URI.create(base + "/runCase?case=" + n + "&agent=" + agent), timeout)) {
                err.println("Case " + n + " did not finish within " + timeout + " s");
                unfinished++;
            }
        }
        runCase(client, URI.create(base + "/updateReports?agent=" + agent), 60);
        out.println("Done: " + limit + " cases run, " + unfinished + " unfinished; reports updated.");
        return unfinished == 0 ? 0 : 1;
    }

    private static int caseCount(WebSocketClient client, String base) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = client.connect(URI.create(base + "/getCaseCount"), new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                answer.complete(text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                answer.completeExceptionally(new IllegalStateException("Closed before the case count: " + code));
            }
        }).get(30, TimeUnit.SECONDS);
        try {
            return Integer.parseInt(answer.get(30, TimeUnit.SECONDS).strip());
        } finally {
            socket.abort();
        }
    }

    private static boolean runCase(WebSocketClient client, URI uri, int timeoutSeconds) throws Exception {
        Echo echo = new Echo();
        WebSocket socket;
        try {
            socket = client.connect(uri, echo).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
        try {
            echo.closed.get(timeoutSeconds, TimeUnit.SECONDS);
            // the listener hears the close once the handshake completes, and the suite records the case when the
            // server's TCP close reaches it (RFC 6455 §7.1.1): the next request waits for that end too, or a
            // report asked for at once can race the case it should contain
            socket.whenClosed().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            socket.abort();
            return false;
        }
    }

    private static ClientConfig config(Options options) {
        ClientHandshakeConfig.Builder handshake = ClientHandshakeConfig.builder();
        if (options.has("deflate")) {
            Compression.offer(handshake);
        }
        return ClientConfig.builder()
            .transport(Transports.byName(options.get("transport", "virtual")))
            .handshake(handshake.build())
            .connection(c -> c.engine(
                EngineConfig.builder().maxFramePayload(MAX_MESSAGE).maxMessageSize(MAX_MESSAGE).build()))
            .build();
    }

    /** Echoes every message back as it came, which is all a fuzzing case asks of a client. */
    private static final class Echo implements WebSocket.Listener {
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        @Override
        public void onText(WebSocket socket, String text) {
            socket.sendText(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.sendBinary(data);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.complete(null);
        }
    }
}
