package dev.wskit.examples;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code client URL}: a command-line client in the manner of wscat. Each line read (typed or piped) is sent
 * as a text message; {@code /ping [data]} sends a Ping and {@code /close [code [reason]]} closes. What
 * arrives is printed with its type. At the end of input the client waits until replies stop arriving
 * ({@code --linger}), closes with 1000 and waits for the close handshake.
 */
final class ClientCommand extends Command {
    private static final Set<String> VALUED = Set.of("subprotocol", "header", "transport", "origin", "close-code",
        "close-reason", "ping-interval", "connect-timeout", "linger");
    private static final Set<String> FLAGS = Set.of("insecure", "deflate", "help");

    private final InputStream in;

    ClientCommand(InputStream in) {
        this.in = in;
    }

    @Override
    String usage() {
        return """
            Usage: java -jar wskit-examples.jar client URL [options]

            Sends each line of input as a text message and prints what arrives.
            Typed commands: /ping [data]   /close [code [reason]]

              --subprotocol NAME     offer a subprotocol (repeatable)
              --header 'Name: value' add a request header, e.g. Authorization or Cookie (repeatable)
              --origin ORIGIN        send an Origin header
              --transport NAME       blocking, virtual or nio (default virtual)
              --deflate              offer permessage-deflate (RFC 7692)
              --insecure             trust any certificate and skip hostname checks (dev servers only)
              --ping-interval SEC    send keepalive Pings every SEC seconds
              --close-code N         close code at end of input (default 1000)
              --close-reason TEXT    close reason at end of input
              --connect-timeout SEC  connect timeout (default 10)
              --linger MS            at end of input, wait until nothing has arrived for MS (default 500)
              --help                 this text
            """;
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, VALUED, FLAGS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        if (options.positional().size() != 1) {
            throw new Options.UsageException("Give exactly one URL, such as ws://127.0.0.1:8080/chat");
        }
        URI uri = URI.create(options.positional().get(0));
        Printer printer = new Printer(out);
        WebSocket socket = WebSocketClient.create(config(options)).connect(uri, printer)
            .get(options.intValue("connect-timeout", 10) + 10L, TimeUnit.SECONDS);
        out.println("Connected to " + uri + (socket.subprotocol().isEmpty() ? "" : " (" + socket.subprotocol() + ")")
            + (socket.extensions().isEmpty() ? "" : " [" + socket.extensions() + "]"));
        readLines(socket, out);
        printer.lastArrival = System.nanoTime();
        printer.awaitQuiet(options.intValue("linger", 500));
        if (socket.readyState() == dev.wskit.codec.engine.ReadyState.OPEN) {
            socket.close(options.intValue("close-code", 1000), options.get("close-reason", ""));
        }
        printer.closed.get(15, TimeUnit.SECONDS);
        return printer.clean ? 0 : 1;
    }

    private void readLines(WebSocket socket, PrintStream out) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && socket.readyState() == dev.wskit.codec.engine.ReadyState.OPEN) {
            if (line.startsWith("/ping")) {
                socket.ping(ByteBuffer.wrap(line.substring(5).strip().getBytes(StandardCharsets.UTF_8)));
            } else if (line.startsWith("/close")) {
                String[] parts = line.substring(6).strip().split(" ", 2);
                int code = parts[0].isEmpty() ? 1000 : Integer.parseInt(parts[0]);
                socket.close(code, parts.length > 1 ? parts[1] : "");
                return;
            } else {
                socket.sendText(line).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ClientConfig config(Options options) throws Exception {
        ClientHandshakeConfig.Builder handshake = ClientHandshakeConfig.builder()
            .subprotocols(options.all("subprotocol"))
            .headers(headers(options));
        if (options.has("origin")) {
            handshake.origin(options.get("origin", null));
        }
        if (options.has("deflate")) {
            Compression.offer(handshake);
        }
        EngineConfig.Builder engine = EngineConfig.builder().maxFramePayload(16 << 20).maxMessageSize(16 << 20);
        if (options.has("ping-interval")) {
            engine.pingInterval(Duration.ofSeconds(options.intValue("ping-interval", 30)));
        }
        ClientConfig.Builder builder = ClientConfig.builder()
            .transport(Transports.byName(options.get("transport", "virtual")))
            .handshake(handshake.build())
            .engine(engine.build())
            .connectTimeout(Duration.ofSeconds(options.intValue("connect-timeout", 10)));
        if (options.has("insecure")) {
            builder.tls(InsecureTls.context()).verifyHostname(false);
        }
        return builder.build();
    }

    private static HttpHeaders headers(Options options) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (String header : options.all("header")) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new Options.UsageException("A header is 'Name: value', not: " + header);
            }
            headers.add(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        return headers.build();
    }

    /** Prints each event on its own line. */
    private static final class Printer implements WebSocket.Listener {
        private final PrintStream out;
        private final java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        private volatile boolean clean;
        private volatile long lastArrival = System.nanoTime();

        Printer(PrintStream out) {
            this.out = out;
        }

        /** Gives replies still in flight a chance: returns once nothing has arrived for {@code quietMillis}. */
        void awaitQuiet(int quietMillis) throws InterruptedException {
            long quiet = TimeUnit.MILLISECONDS.toNanos(quietMillis);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!closed.isDone() && System.nanoTime() - lastArrival < quiet && System.nanoTime() < giveUp) {
                Thread.sleep(Math.max(1, quietMillis / 10));
            }
        }

        @Override
        public void onText(WebSocket socket, String text) {
            lastArrival = System.nanoTime();
            out.println("< text: " + text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            lastArrival = System.nanoTime();
            byte[] bytes = new byte[Math.min(32, data.remaining())];
            data.duplicate().get(bytes);
            out.println("< binary (" + data.remaining() + " bytes): " + HexFormat.of().formatHex(bytes)
                + (data.remaining() > 32 ? "…" : ""));
        }

        @Override
        public void onPing(WebSocket socket, ByteBuffer data) {
            lastArrival = System.nanoTime();
            out.println("< ping: " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void onPong(WebSocket socket, ByteBuffer data) {
            lastArrival = System.nanoTime();
            out.println("< pong: " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            out.println("! error: " + error.getMessage());
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            out.println("< close " + code + (reason.isEmpty() ? "" : " " + reason) + (wasClean ? " (clean)" : " (not clean)"));
            clean = wasClean;
            closed.complete(null);
        }
    }
}
