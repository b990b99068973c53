package dev.wskit.benchmarks.soak;

import dev.wskit.benchmarks.compare.EchoListener;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocketServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server's process under soak: a {@link WebSocketServer} echoing on {@code /echo}, with permessage-deflate's
 * defaults (context takeover both ways, RFC 7692 §7.1.1) when asked. It announces {@code READY port=PORT} on
 * standard output and answers control lines on standard input: {@code SAMPLE N} waits (up to ten seconds) until
 * at most N connections are open, then answers {@code SAMPLE heap=... rss=... nmt=... threads=... fds=...
 * open=...} (see {@link ServerProbe}); {@code QUIT}, or the end of input, stops it. Started by
 * {@link ServerProcess}.
 */
public final class SoakServer {
    private static final long SETTLE_NANOS = Duration.ofSeconds(10).toNanos();

    private SoakServer() {
    }

    /**
     * Runs the server until told to stop.
     *
     * @param args the transport ({@code nio}, {@code virtual} or {@code blocking}) and {@code deflate} or
     *     {@code plain}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: SoakServer nio|virtual|blocking deflate|plain");
        }
        ServerConfig.Builder config = ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .transport(Transports.byName(args[0]))
            .endpoint("/echo", () -> EchoListener.INSTANCE)
            .maxConnections(1_000_000);
        if (args[1].equals("deflate")) {
            config.handshake(ServerHandshakeConfig.builder().extensions(PerMessageDeflate.withDefaults()).build());
        }
        WebSocketServer server = WebSocketServer.start(config.build());
        PrintStream out = System.out;
        out.println("READY port=" + server.port());
        out.flush();
        serve(server, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        server.stop(Duration.ofSeconds(1));
        System.exit(0);
    }

    private static void serve(WebSocketServer server, BufferedReader control, PrintStream out)
        throws IOException, InterruptedException {
        for (String line = control.readLine(); line != null && !line.equals("QUIT"); line = control.readLine()) {
            if (line.startsWith("SAMPLE ")) {
                settle(server, Long.parseLong(line.substring("SAMPLE ".length())));
                out.println("SAMPLE " + ServerProbe.read(server.connections().size()).fields());
            } else {
                out.println("ERROR unknown command " + line);
            }
            out.flush();
        }
    }

    /** Waits for connections still closing, so that a sample does not count them; gives up after a while. */
    private static void settle(WebSocketServer server, long open) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (server.connections().size() > open && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
    }
}
