package dev.wskit.examples;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.pubsub.redis.RedisBackplane;
import dev.wskit.transport.HttpHandler;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code chat}: serves the chat page at {@code /}, its icon at {@code /favicon.svg} (and {@code /favicon.ico})
 * and the chat rooms' WebSocket at {@code /chat}. With {@code --redis URI} the node joins the other chat nodes
 * that use the same Redis: a room spans them all.
 */
final class ChatCommand extends Command {
    private static final String PAGE = load("chat.html");
    private static final String ICON = load("favicon.svg");
    /** The server options, and {@code --redis}. */
    static final Set<String> VALUED = Stream.concat(ServerSetup.VALUED.stream(), Stream.of("redis"))
        .collect(Collectors.toUnmodifiableSet());

    @Override
    String usage() {
        return "Usage: java -jar wskit-examples.jar chat [options]\n\n"
            + "Serves a chat page at / and its WebSocket at /chat; every message goes to everyone in the room\n"
            + "(chosen in the page: /?room=NAME, the lobby by default).\n\n"
            + ServerSetup.OPTIONS.formatted(8080, 64 * 1024)
            + "  --redis URI           share rooms with the chat nodes on the same Redis, such as\n"
            + "                        redis://127.0.0.1:6379: run a second node with --port 8081 and the\n"
            + "                        same --redis, and a page on either sees what is typed on both\n";
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, VALUED, ServerSetup.FLAGS);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        Node node = startNode(options, Clock.systemUTC());
        out.println("wskit chat (" + options.get("transport", "virtual") + " transport) is running"
            + (options.has("redis") ? ", sharing its rooms through Redis at " + options.get("redis", "") : "") + ".");
        out.println("Open " + ServerSetup.scheme(options, true) + "://localhost:" + node.server().port()
            + "/ in your browser (two tabs to chat with yourself). Ctrl-C stops it.");
        ServerSetup.runUntilShutdown(node.server(), node.config(), out, node.chat()::close);
        return 0;
    }

    static WebSocketServer start(Options options) throws Exception {
        return start(options, Clock.systemUTC());
    }

    /** Starts a single chat server; with {@code --redis}, use {@link #startNode} to close its backplane too. */
    static WebSocketServer start(Options options, Clock clock) throws Exception {
        return startNode(options, clock).server();
    }

    /**
     * Starts a chat node: its server, and its chat, on Redis when {@code --redis} is given.
     *
     * @throws dev.wskit.pubsub.spi.BackplaneException when Redis cannot be reached
     */
    static Node startNode(Options options, Clock clock) throws Exception {
        ChatRoom chat = options.has("redis")
            ? new ChatRoom(clock, RedisBackplane.connect(options.get("redis", "")), nodeId())
            : new ChatRoom(clock);
        try {
            ServerConfig config = ServerSetup.configure(options, 8080, 64 * 1024)
                .endpoint("/chat", chat::newMember)
                .httpHandler(ChatCommand::page)
                .build();
            return new Node(WebSocketServer.start(config), config, chat);
        } catch (Exception e) {
            chat.close();
            throw e;
        }
    }

    /** A short random id that tells this node's events from the others'. */
    private static String nodeId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    /**
     * A running chat node.
     *
     * @param server its server
     * @param config the server's configuration
     * @param chat its rooms
     */
    record Node(WebSocketServer server, ServerConfig config, ChatRoom chat) implements AutoCloseable {
        /** Stops the server (1001 to every member), then leaves the backplane. */
        @Override
        public void close() {
            server.stop();
            chat.close();
        }
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
