package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.OriginPolicy;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request the server refuses gets its status line and {@code Connection: close}, flushed before the
 * connection ends, on every transport, plain and TLS, even from a client that is still sending when the
 * server answers (RFC 9112 §9.6: closing with input unread would reset the connection, and the reset can
 * destroy the response before the client reads it). Each client here writes its request and a quarter of a
 * megabyte after it, and reads the answer only once all is written.
 */
class HostileRequestBehaviourTest {
    /** What a client sends after its request, a block at a time. */
    private static final byte[] MORE = "x".repeat(16 * 1024).getBytes(StandardCharsets.ISO_8859_1);
    /** Stays under the bound of what a lingering close discards, so the server never has to reset. */
    private static final int MAX_SENT = 256 * 1024;

    static Stream<Arguments> refusedRequests() {
        String valid = RawPeer.request("/echo");
        String upgrade = valid.substring(valid.indexOf("\r\n") + 2);
        return TransportMatrix.crossedWith(List.of(
            // RFC 6585 §5: header fields too large in all
            refused("100 KB of headers", 431, "GET /echo HTTP/1.1\r\n"
                + ("X-Filler: " + "a".repeat(2000) + "\r\n").repeat(50) + upgrade),
            refused("10,000 headers", 431, "GET /echo HTTP/1.1\r\n" + "X-N: v\r\n".repeat(10_000) + upgrade),
            // RFC 9112 §3: a server answers a request line longer than it accepts with 414
            refused("64 KB request line", 414, "GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\n" + upgrade),
            // RFC 6455 §4.2.1 item 5: the key is required
            refused("request without a key", 400,
                valid.replace("Sec-WebSocket-Key: " + RawPeer.KEY + "\r\n", "")),
            // RFC 6455 §4.2.1 item 1: the method must be GET
            refused("POST", 405, valid.replace("GET", "POST")),
            // RFC 6455 §4.2.2, RFC 9110 §15.5.22: no Upgrade header, no handler for plain HTTP
            refused("plain GET", 426, valid.replace("Upgrade: websocket\r\n", "")),
            refused("version 8", 426, valid.replace("Version: 13", "Version: 8")),
            refused("unknown path", 404, valid.replace("/echo", "/nope"))));
    }

    private static Object[] refused(String name, int status, String request) {
        return new Object[] {name, status, request};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedRequests")
    void refusedRequestGetsItsStatusWhileTheClientIsStillSending(Harness peers, String name, int status,
                                                                   String request) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        assertAnsweredWhileSending(peers, server.port(), request, status);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.wskit.transport.TransportMatrix#all")
    void refusedOriginGets403WhileTheClientIsStillSending(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .handshake(ServerHandshakeConfig.builder().originPolicy(OriginPolicy.allowList("https://good.example"))
                .build())
            .endpoint("/echo", EchoListener::new));
        String request = RawPeer.request("/echo").replace("\r\n\r\n", "\r\nOrigin: https://evil.example\r\n\r\n");
        assertAnsweredWhileSending(peers, server.port(), request, 403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.wskit.transport.TransportMatrix#all")
    void connectionBeyondTheLimitGets503WhileTheClientIsStillSending(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config.maxConnections(1).endpoint("/echo", EchoListener::new));
        peers.connect(server, new RecordingListener());
        assertAnsweredWhileSending(peers, server.port(), RawPeer.request("/echo"), 503);
    }

    private static void assertAnsweredWhileSending(Harness peers, int port, String request, int status)
        throws Exception {
        Socket socket = peers.socket(port);
        // written by another thread, so that a server that stops reading cannot block the test; the server must
        // read and drop all of it: a server that closed at once would reset the connection under these writes
        CompletableFuture.runAsync(() -> keepSending(socket, request)).get(120, TimeUnit.SECONDS);
        String head = RawPeer.readHead(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 " + status + " "), head.lines().findFirst().orElse(head));
        assertTrue(Arrays.stream(head.split("\r\n")).anyMatch(line -> line.regionMatches(true, 0, "Connection:", 0, 11)
            && line.toLowerCase().contains("close")), head);
        // the server ends the connection in order once it has answered: EOF (readAllBytes returns), not a reset
        socket.getInputStream().readAllBytes();
    }

    /** Writes the request, then more bytes up to the bound, the answer unread. */
    private static void keepSending(Socket socket, String request) {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
            out.write(bytes);
            out.flush();
            for (int sent = bytes.length; sent + MORE.length <= MAX_SENT; sent += MORE.length) {
                out.write(MORE);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The server reset the connection instead of reading to its end", e);
        }
    }
}
