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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatRoomTest {
    private WebSocketServer server;

    @BeforeEach
    void startChat() throws Exception {
        server = ChatCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED, ServerSetup.FLAGS));
    }

    @AfterEach
    void stopChat() {
        server.stop();
    }

    private WebSocket join(String name, BlockingQueue<String> inbox) throws Exception {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/chat?name=" + name);
        return WebSocketClient.create().connect(uri, new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                inbox.add(text);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private static String next(BlockingQueue<String> inbox) throws InterruptedException {
        String message = inbox.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "no chat message within 10 s");
        return message;
    }

    @Test
    void everyoneHearsJoinsMessagesAndLeaves() throws Exception {
        BlockingQueue<String> alice = new LinkedBlockingQueue<>();
        BlockingQueue<String> bob = new LinkedBlockingQueue<>();
        WebSocket aliceSocket = join("alice", alice);
        assertEquals("{\"type\":\"join\",\"from\":\"alice\",\"text\":\"alice joined\",\"members\":1}", next(alice));
        WebSocket bobSocket = join("bob", bob);
        assertEquals("{\"type\":\"join\",\"from\":\"bob\",\"text\":\"bob joined\",\"members\":2}", next(alice));
        assertEquals("{\"type\":\"join\",\"from\":\"bob\",\"text\":\"bob joined\",\"members\":2}", next(bob));
        aliceSocket.sendText("hi <bob> \"quoted\"");
        String expected = "{\"type\":\"message\",\"from\":\"alice\",\"text\":\"hi \\u003cbob\\u003e \\\"quoted\\\"\","
            + "\"members\":2}";
        assertEquals(expected, next(alice));
        assertEquals(expected, next(bob));
        aliceSocket.close(1000, "bye").get(10, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"leave\",\"from\":\"alice\",\"text\":\"alice left\",\"members\":1}", next(bob));
        bobSocket.close();
    }

    @Test
    void servesThePageAtTheRootAndNothingElse() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("new WebSocket(url)"));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/secret")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }
}
