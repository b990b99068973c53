package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.OriginPolicy;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a server refuses and how: plain HTTP, unknown paths, origins, too many connections, bad requests
 * (RFC 6455 §4.2.2), and frames, messages and sends beyond the configured limits (§10.4, close code 1009).
 */
class RejectionBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    private static HttpResponse<String> get(Harness peers, int port, String path) throws Exception {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (peers.isTls()) {
            builder.sslContext(peers.clientTls());
        }
        try (HttpClient http = builder.build()) {
            URI uri = URI.create((peers.isTls() ? "https" : "http") + "://localhost:" + port + path);
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int refusedStatus(CompletableFuture<WebSocket> connecting) {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> connecting.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(HandshakeException.class, failure.getCause()).status();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void plainRequestWithoutHandlerGets426(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        for (String path : List.of("/echo", "/elsewhere")) {
            HttpResponse<String> response = get(peers, server.port(), path);
            // RFC 6455 §4.2.2, RFC 9110 §15.5.22: 426 names the protocol to upgrade to
            assertEquals(426, response.statusCode(), path);
            assertEquals("13", response.headers().firstValue("Sec-WebSocket-Version").orElse(""), path);
            assertEquals("websocket", response.headers().firstValue("Upgrade").orElse(""), path);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void plainRequestsGoToTheHttpHandler(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .httpHandler(request -> HttpHandler.Reply.of(200, "text/plain", "ok " + request.target()))
            .endpoint("/echo", EchoListener::new));
        HttpResponse<String> response = get(peers, server.port(), "/health?deep=1");
        assertEquals(200, response.statusCode());
        assertEquals("ok /health?deep=1", response.body());
        assertEquals("text/plain", response.headers().firstValue("Content-Type").orElse(""));
        RecordingListener client = new RecordingListener();
        peers.connect(server, client).sendText("upgrades still work");
        assertEquals("upgrades still work", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void unknownPathIsRefusedWith404(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        assertEquals(404, refusedStatus(peers.connectAsync(server.port(), "/nope", client, config -> config)));
        client.assertQuiet(Duration.ofMillis(50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void refusedOriginIsAnswered403(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .handshake(ServerHandshakeConfig.builder().originPolicy(OriginPolicy.allowList("https://good.example"))
                .build())
            .endpoint("/echo", EchoListener::new));
        // RFC 6455 §4.2.2 step 4: a server that refuses an origin SHOULD answer 403
        assertEquals(403, refusedStatus(peers.connectAsync(server.port(), "/echo", new RecordingListener(),
            origin("https://evil.example"))));
        peers.connect(server.port(), "/echo", new RecordingListener(), origin("https://good.example"));
    }

    private static UnaryOperator<ClientConfig.Builder> origin(String origin) {
        return config -> config.handshake(ClientHandshakeConfig.builder().origin(origin).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void connectionsBeyondTheLimitAreRefusedWith503(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.maxConnections(2).endpoint("/echo", EchoListener::new));
        WebSocket first = peers.connect(server, new RecordingListener());
        peers.connect(server, new RecordingListener());
        assertEquals(503, refusedStatus(peers.connectAsync(server.port(), "/echo", new RecordingListener(),
            config -> config)));
        first.close(1000, "").get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                peers.connect(server, new RecordingListener());
                break;
            } catch (ExecutionException e) {
                assertEquals(503, assertInstanceOf(HandshakeException.class, e.getCause()).status());
                assertTrue(System.nanoTime() - deadline < 0, "no room after a connection closed");
                Thread.sleep(50);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void badRequestsAreRefusedWithTheirStatus(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        String valid = RawPeer.request("/echo");
        // RFC 6455 §4.4: an unsupported version gets 426 and the version the server speaks
        assertTrue(answer(peers, server, valid.replace("Version: 13", "Version: 8"))
            .matches("(?s)HTTP/1.1 426 .*Sec-WebSocket-Version: 13\r\n.*"));
        // RFC 6455 §4.2.1 item 5: the key is required
        assertTrue(answer(peers, server, valid.replace("Sec-WebSocket-Key: " + RawPeer.KEY + "\r\n", ""))
            .startsWith("HTTP/1.1 400 "));
        // RFC 6455 §4.2.1 item 1: the method must be GET
        assertTrue(answer(peers, server, valid.replace("GET", "POST")).startsWith("HTTP/1.1 405 "));
    }

    private static String answer(Harness peers, WebSocketServer server, String request) throws Exception {
        Socket socket = peers.socket(server.port());
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        String head = RawPeer.readHead(socket.getInputStream());
        socket.getInputStream().readAllBytes();
        return head;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void frameOverTheServersLimitIsRefusedWith1009(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(EngineConfig.builder().maxFramePayload(1024).maxMessageSize(4096).build()))
            .endpoint("/echo", () -> echo));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server, client);
        socket.sendBinary(ByteBuffer.allocate(1024)).get(60, TimeUnit.SECONDS);
        assertEquals(1024, ((byte[]) client.nextMessage()).length);
        socket.sendBinary(ByteBuffer.allocate(1025));
        List<String> clientEvents = client.untilClose();
        assertTrue(clientEvents.getLast().startsWith("close 1009 "), clientEvents::toString);
        List<String> serverEvents = echo.untilClose();
        assertEquals("error ProtocolException", serverEvents.get(serverEvents.size() - 2), serverEvents::toString);
        assertTrue(serverEvents.getLast().matches("close 1009 .* clean=false"), serverEvents::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void fragmentedMessageOverTheServersLimitIsRefusedWith1009(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config
            .connection(c -> c.engine(EngineConfig.builder().maxFramePayload(1024).maxMessageSize(1500).build()))
            .endpoint("/echo", () -> echo));
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server, client);
        for (int i = 0; i < 3; i++) {
            socket.sendText("x".repeat(600), i == 2);
        }
        List<String> clientEvents = client.untilClose();
        assertTrue(clientEvents.getLast().startsWith("close 1009 "), clientEvents::toString);
        List<String> serverEvents = echo.untilClose();
        assertTrue(serverEvents.getLast().matches("close 1009 .* clean=false"), serverEvents::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void messageOverTheClientsLimitIsRefusedWith1009(Harness peers) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.echoServer(echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client, config -> config
            .connection(c -> c.engine(EngineConfig.builder().maxFramePayload(1024).maxMessageSize(1024).build())));
        // the client may send what it may not receive: the echo comes back too big
        socket.sendText("y".repeat(1025));
        List<String> clientEvents = client.untilClose();
        assertEquals(List.of("open", "error ProtocolException"), clientEvents.subList(0, 2));
        assertTrue(clientEvents.getLast().matches("close 1009 .* clean=false"), clientEvents::toString);
        List<String> serverEvents = echo.untilClose();
        assertTrue(serverEvents.getLast().startsWith("close 1009 "), serverEvents::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void sendsBeyondTheBufferLimitAreRefused(Harness peers) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(peers.echoServer(new EchoListener()).port(), "/echo", client,
            config -> config.connection(c -> c.maxBufferedBytes(1000)));
        CompletableFuture<Void> tooBig = socket.sendBinary(ByteBuffer.allocate(1001));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> tooBig.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        socket.sendBinary(ByteBuffer.allocate(1000)).get(60, TimeUnit.SECONDS);
        assertEquals(1000, ((byte[]) client.nextMessage()).length);
    }
}
