package dev.wskit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.handshake.HandshakeException;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the README's recipes, from outside wskit's packages, and checks that each does what its text says. */
class RecipesTest {
    private final List<WebSocketServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(WebSocketServer::stop);
    }

    private WebSocketServer start(ServerConfig.Builder config) throws Exception {
        WebSocketServer server = WebSocketServer.start(config.build());
        servers.add(server);
        return server;
    }

    private static URI uri(WebSocketServer server, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    @Test
    void clientSendsItsCredentialsWithTheHandshake() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        WebSocketServer server = start(ServerConfig.builder()
            .upgradeHandler(request -> {
                seen.complete(request.header("Authorization").orElse("") + " " + request.cookie("session").orElse(""));
                return dev.wskit.transport.UpgradeHandler.Decision.accept();
            })
            .endpoint("/", () -> new WebSocket.Listener() { }));
        WebSocket socket = ClientHeadersRecipe.connect(uri(server, "/"), "t0ken", new WebSocket.Listener() { })
            .get(60, TimeUnit.SECONDS);
        assertEquals("Bearer t0ken abc123", seen.get(60, TimeUnit.SECONDS));
        socket.close(1000, "").get(60, TimeUnit.SECONDS);
    }

    @Test
    void timeoutsReachTheEngineAndTheHandshake() {
        TimeoutsRecipe.Configs configs = TimeoutsRecipe.configs();
        ServerConfig server = configs.server().endpoint("/", () -> new WebSocket.Listener() { }).build();
        ClientConfig client = configs.client();
        assertEquals(Duration.ofSeconds(30), server.connection().engine().pingInterval());
        assertEquals(Duration.ofSeconds(10), server.connection().engine().pongTimeout());
        assertEquals(Duration.ofMinutes(5), server.connection().engine().idleTimeout());
        assertEquals(Duration.ofSeconds(5), server.connection().engine().closeTimeout());
        assertEquals(Duration.ofSeconds(10), server.connection().handshakeTimeout());
        assertEquals(Duration.ofSeconds(5), client.connectTimeout());
        assertEquals(Duration.ofSeconds(5), client.tlsHandshakeTimeout());
        assertEquals(Duration.ofSeconds(10), client.connection().handshakeTimeout());
    }

    @Test
    void allInterfacesMeansTheWildcardAddress() {
        // not started: tests here listen on loopback only
        ServerConfig config = AllInterfacesRecipe.config();
        assertEquals("0.0.0.0", config.host());
        assertEquals(8080, config.port());
    }

    @Test
    void aRoomHearsItsOwnMessagesAndNoOtherRoomDoes() throws Exception {
        Rooms rooms = new Rooms();
        WebSocketServer server = start(ServerConfig.builder().endpoint("/rooms", () -> rooms));
        Inbox redOne = new Inbox();
        Inbox redTwo = new Inbox();
        Inbox blue = new Inbox();
        WebSocket first = connect(uri(server, "/rooms?red"), redOne);
        connect(uri(server, "/rooms?red"), redTwo);
        WebSocket other = connect(uri(server, "/rooms?blue"), blue);
        first.sendText("hello red");
        assertEquals("hello red", redOne.next());
        assertEquals("hello red", redTwo.next());
        other.sendText("hello blue");
        assertEquals("hello blue", blue.next(), "blue hears only its own room");
        assertEquals(List.of(), List.copyOf(redOne.texts), "red did not hear blue");
    }

    @Test
    void aSendersFutureCompletesAndOnWritableIsWhereMoreGoes() throws Exception {
        Inbox client = new Inbox();
        WebSocketServer server = start(ServerConfig.builder().endpoint("/", Sender::new));
        connect(uri(server, "/"), client);
        assertEquals("hello", client.next());
    }

    @Test
    void upgradeWithoutTheTokenIsRefusedWith401AndWithItTheSocketCarriesTheRoom() throws Exception {
        CompletableFuture<Map<String, Object>> attributes = new CompletableFuture<>();
        WebSocketServer server = start(RefuseUpgradeRecipe.server(new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                attributes.complete(Map.copyOf(socket.attributes()));
            }
        }));
        ExecutionException refused = assertThrows(ExecutionException.class,
            () -> connect(uri(server, "/chat?room=red"), new Inbox()));
        assertEquals(401, assertInstanceOf(HandshakeException.class, refused.getCause()).status());

        WebSocket socket = ClientHeadersRecipe.connect(uri(server, "/chat?room=red"), "secret", new Inbox())
            .get(60, TimeUnit.SECONDS);
        assertEquals(Map.of("room", "red", "session", "abc123"), attributes.get(60, TimeUnit.SECONDS));
        socket.close(1000, "").get(60, TimeUnit.SECONDS);
    }

    private static WebSocket connect(URI uri, WebSocket.Listener listener) throws Exception {
        return WebSocketClient.create().connect(uri, listener).get(60, TimeUnit.SECONDS);
    }

    /** A client's received texts. */
    private static final class Inbox implements WebSocket.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocket socket, String text) {
            texts.add(text);
        }

        String next() throws InterruptedException {
            String text = texts.poll(60, TimeUnit.SECONDS);
            assertNotNull(text, "no message within 60 s");
            return text;
        }
    }
}
