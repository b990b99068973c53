package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatRoomTest {
    private static final String TIME = "\"time\":\"2026-12-02T15:00:00Z\"";

    private WebSocketServer server;

    @BeforeEach
    void startChat() throws Exception {
        server = ChatCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED, ServerSetup.FLAGS),
            Clock.fixed(Instant.parse("2026-12-02T15:00:00.250Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stopChat() {
        server.stop();
    }

    private WebSocket join(String query, BlockingQueue<String> inbox) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/chat" + query);
        return WebSocketClient.create().connect(uri, new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                inbox.add(text);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    private static String next(BlockingQueue<String> inbox) throws InterruptedException {
        String message = inbox.poll(120, TimeUnit.SECONDS);
        assertTrue(message != null, "no chat message within 120 s");
        return message;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aNewMemberIsWelcomedWithItsIdAndNameThenEveryoneHearsItJoin() throws Exception {
        BlockingQueue<String> alice = new LinkedBlockingQueue<>();
        join("?name=alice", alice);
        assertEquals("{\"type\":\"welcome\",\"id\":1,\"from\":\"alice\",\"text\":\"Welcome, alice\"," + TIME
            + ",\"members\":[\"alice\"]}", next(alice));
        assertEquals("{\"type\":\"join\",\"id\":1,\"from\":\"alice\",\"text\":\"alice joined\"," + TIME
            + ",\"members\":[\"alice\"]}", next(alice));
    }

    @Test
    void everyoneHearsMessagesAndLeavesWithTheMemberListKeptTrue() throws Exception {
        BlockingQueue<String> alice = new LinkedBlockingQueue<>();
        BlockingQueue<String> bob = new LinkedBlockingQueue<>();
        WebSocket aliceSocket = join("?name=alice", alice);
        next(alice);
        next(alice);
        WebSocket bobSocket = join("?name=bob", bob);
        String bobJoined = "{\"type\":\"join\",\"id\":2,\"from\":\"bob\",\"text\":\"bob joined\"," + TIME
            + ",\"members\":[\"alice\",\"bob\"]}";
        assertEquals(bobJoined, next(alice));
        assertTrue(next(bob).startsWith("{\"type\":\"welcome\",\"id\":2,"));
        assertEquals(bobJoined, next(bob));
        aliceSocket.sendText("hi <bob> \"quoted\"");
        String expected = "{\"type\":\"message\",\"id\":1,\"from\":\"alice\",\"text\":\"hi \\u003cbob\\u003e "
            + "\\\"quoted\\\"\"," + TIME + ",\"members\":[\"alice\",\"bob\"]}";
        assertEquals(expected, next(alice));
        assertEquals(expected, next(bob));
        aliceSocket.close(1000, "bye").get(60, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"leave\",\"id\":1,\"from\":\"alice\",\"text\":\"alice left\"," + TIME
            + ",\"members\":[\"bob\"]}", next(bob));
        bobSocket.close();
    }

    @Test
    void roomsAreTopicsAndAMemberHearsOnlyItsOwnRoom() throws Exception {
        BlockingQueue<String> lobby = new LinkedBlockingQueue<>();
        BlockingQueue<String> kitchen = new LinkedBlockingQueue<>();
        WebSocket inLobby = join("?name=alice", lobby);
        next(lobby);
        next(lobby);
        WebSocket inKitchen = join("?name=bob&room=kitchen", kitchen);
        assertTrue(next(kitchen).startsWith("{\"type\":\"welcome\",\"id\":2,\"from\":\"bob\","));
        assertEquals("{\"type\":\"join\",\"id\":2,\"from\":\"bob\",\"text\":\"bob joined\"," + TIME
            + ",\"members\":[\"bob\"]}", next(kitchen));
        inKitchen.sendText("in the kitchen");
        inLobby.sendText("in the lobby");
        assertTrue(next(kitchen).contains("\"text\":\"in the kitchen\""));
        assertTrue(next(lobby).contains("\"text\":\"in the lobby\""), "the lobby heard nothing from the kitchen");
    }

    @Test
    void aMemberWithoutANameIsAGuest() throws Exception {
        BlockingQueue<String> guest = new LinkedBlockingQueue<>();
        join("", guest);
        assertTrue(next(guest).startsWith("{\"type\":\"welcome\",\"id\":1,\"from\":\"guest-1\","));
    }

    @Test
    void servesThePageAndItsIconAndNothingElse() throws Exception {
        HttpResponse<String> page = get("/?name=alice");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">"));
        for (String icon : new String[] {"/favicon.svg", "/favicon.ico"}) {
            HttpResponse<String> reply = get(icon);
            assertEquals(200, reply.statusCode(), icon);
            assertEquals("image/svg+xml", reply.headers().firstValue("Content-Type").orElse(""), icon);
            assertTrue(reply.body().startsWith("<svg"), icon);
        }
        assertEquals(404, get("/secret").statusCode());
    }
}
