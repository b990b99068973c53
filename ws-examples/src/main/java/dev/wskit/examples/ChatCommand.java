package dev.wskit.examples;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.transport.HttpHandler;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code chat}: serves the chat page at {@code /}, its icon at {@code /favicon.svg} (and {@code /favicon.ico})
 * and the chat room's WebSocket at {@code /chat}.
 */
final class ChatCommand extends Command {
    private static final String PAGE = load("chat.html");
    private static final String ICON = load("favicon.svg");

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
        ServerConfig config = config(options, Clock.systemUTC());
        WebSocketServer server = WebSocketServer.start(config);
        out.println("wskit chat (" + options.get("transport", "virtual") + " transport) is running.");
        out.println("Open " + ServerSetup.scheme(options, true) + "://localhost:" + server.port()
            + "/ in your browser (two tabs to chat with yourself). Ctrl-C stops it.");
        ServerSetup.runUntilShutdown(server, config, out);
        return 0;
    }

    static WebSocketServer start(Options options) throws Exception {
        return start(options, Clock.systemUTC());
    }

    static WebSocketServer start(Options options, Clock clock) throws Exception {
        return WebSocketServer.start(config(options, clock));
    }

    private static ServerConfig config(Options options, Clock clock) throws Exception {
        ChatRoom room = new ChatRoom(clock);
        return ServerSetup.configure(options, 8080, 64 * 1024)
            .endpoint("/chat", room::newMember)
            .httpHandler(ChatCommand::page)
            .build();
    }

    /** Serves the page and its icon; browsers ask for {@code /favicon.ico} on their own, so it is there too. */
    private static HttpHandler.Reply page(HandshakeRequest request) {
        String path = request.target().split("\\?", 2)[0];
        return switch (path) {
            case "/" -> HttpHandler.Reply.of(200, "text/html; charset=utf-8", PAGE);
            case "/favicon.svg", "/favicon.ico" -> HttpHandler.Reply.of(200, "image/svg+xml", ICON);
            default -> HttpHandler.Reply.of(404, "text/plain; charset=utf-8", "Not found: " + request.target());
        };
    }

    private static String load(String resource) {
        try (InputStream in = ChatCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
