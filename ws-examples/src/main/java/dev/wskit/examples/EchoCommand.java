package dev.wskit.examples;

import dev.wskit.transport.Backpressure;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/**
 * {@code echo}: echoes every text and binary message as received (Pings are answered by the engine); the
 * server the Autobahn|Testsuite fuzzing client and the transport benchmarks talk to. Serves {@code /} and {@code /echo}.
 */
final class EchoCommand extends Command {
    static final int MAX_MESSAGE = 16 << 20;

    @Override
    String usage() {
        return "Usage: java -jar wskit-examples.jar echo [options]\n\n"
            + "Echoes text and binary messages on / and /echo (messages up to 16 MiB by default).\n"
            + "A peer that does not read its echoes is closed: an echo that would pass the 16 MiB send queue\n"
            + "closes it with 1008 Policy Violation, and output that makes no progress for --write-stall\n"
            + "seconds closes it at once (1006 locally).\n\n"
            + ServerSetup.OPTIONS.formatted(9001, MAX_MESSAGE);
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, ServerSetup.VALUED, ServerSetup.FLAGS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        ServerConfig config = config(options);
        WebSocketServer server = WebSocketServer.start(config);
        out.println("wskit echo server (" + options.get("transport", "virtual") + " transport) on "
            + ServerSetup.scheme(options, false) + "://127.0.0.1:" + server.port() + "/ ; Ctrl-C stops it.");
        ServerSetup.runUntilShutdown(server, config, out);
        return 0;
    }

    static WebSocketServer start(Options options) throws Exception {
        return WebSocketServer.start(config(options));
    }

    static ServerConfig config(Options options) throws Exception {
        ServerConfig.Builder builder = ServerSetup.configure(options, 9001, MAX_MESSAGE)
            .endpoint("/", EchoCommand::echo)
            .endpoint("/echo", EchoCommand::echo);
        // the echo ignores its send futures: a refused echo must close the peer, not vanish while it stays open
        Backpressure closing = builder.build().connection().backpressure()
            .withOverflow(Backpressure.Overflow.CLOSE_1008);
        return builder.connection(c -> c.backpressure(closing)).build();
    }

    static WebSocket.Listener echo() {
        return new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                socket.sendText(text);
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                socket.sendBinary(data);
            }
        };
    }
}
