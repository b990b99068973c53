package dev.wskit.examples;

import dev.wskit.transport.HttpHandler;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** {@code chat}: serves the chat page at {@code /} and the chat room's WebSocket at {@code /chat}. */
final class ChatCommand extends Command {
    private static final String PAGE = loadPage();

    @Override
    String usage() {
        return "Usage: java -jar wskit-examples.jar chat [options]\n\n"
            + "Serves a chat page at / and its WebSocket at /chat; every message goes to everyone.\n\n"
            + ServerSetup.OPTIONS.formatted(8080, 64 * 1024);
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, ServerSetup.VALUED, ServerSetup.FLAGS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        WebSocketServer server = start(options);
        out.println("wskit chat (" + options.get("transport", "virtual") + " transport) is running.");
        out.println("Open " + ServerSetup.scheme(options, true) + "://localhost:" + server.port()
            + "/ in your browser (two tabs to chat with yourself). Ctrl-C stops it.");
        ServerSetup.runUntilShutdown(server, out);
        return 0;
    }

    static WebSocketServer start(Options options) throws Exception {
        ChatRoom room = new ChatRoom();
        ServerConfig config = ServerSetup.configure(options, 8080, 64 * 1024)
            .endpoint("/chat", room::newMember)
            .httpHandler(request -> request.target().equals("/") || request.target().startsWith("/?")
                ? HttpHandler.Reply.of(200, "text/html; charset=utf-8", PAGE)
                : HttpHandler.Reply.of(404, "text/plain; charset=utf-8", "Not found: " + request.target()))
            .build();
        return WebSocketServer.start(config);
    }

    private static String loadPage() {
        try (InputStream in = ChatCommand.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IllegalStateException("chat.html missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
