package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's connect follows redirects (RFC 9110 §15.4) on every transport, plain and over TLS: each redirect
 * status to a wskit server, relative locations, {@code ws://} to {@code wss://}; it refuses {@code wss://} to
 * {@code ws://}, loops and one redirect too many with a {@link HandshakeException} carrying the 3xx status, and
 * sends no {@code Authorization} to another host.
 */
class ClientConnectRedirectTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";

    static Stream<Arguments> statuses() {
        return TransportMatrix.crossedWith(List.of(new Object[] {301}, new Object[] {302}, new Object[] {303},
            new Object[] {307}, new Object[] {308}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statuses")
    void followsEveryRedirectStatusToTheServerAndShowsTheFinalUri(Harness peers, int status) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        RawServer redirector = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(redirector.port(), "/old", client, c -> c);
        URI target = peers.uri(server.port(), "/echo");
        answer(redirector, status, "Location: " + target + "\r\n");
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        assertEquals(target, socket.uri());
        assertEquals("open", client.next());
        socket.sendText("through the redirect");
        assertEquals("through the redirect", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void resolvesARelativeLocationAgainstTheRequestUri(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/a/b?x=1", new RecordingListener(),
            c -> c);
        String first = answer(raw, 307, "Location: ../echo?y=2\r\n");
        assertTrue(first.startsWith("GET /a/b?x=1 HTTP/1.1\r\n"), first);
        RawPeer accepted = raw.accept();
        assertTrue(accepted.head().startsWith("GET /echo?y=2 HTTP/1.1\r\n"), accepted.head());
        assertEquals(peers.uri(raw.port(), "/echo?y=2"), connecting.get(60, TimeUnit.SECONDS).uri());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void oneRedirectBeyondTheLimitFailsWithItsStatus(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/0", new RecordingListener(),
            c -> c.maxRedirects(2));
        answer(raw, 302, "Location: /1\r\n");
        answer(raw, 302, "Location: /2\r\n");
        answer(raw, 308, "Location: /3\r\n");
        HandshakeException refused = refusal(connecting);
        assertEquals(308, refused.status());
        assertEquals("Too many redirects: more than 2, the last from " + peers.uri(raw.port(), "/2") + " to /3",
            refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void noRedirectIsFollowedWhenTheLimitIsZero(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/0", new RecordingListener(),
            c -> c.maxRedirects(0));
        answer(raw, 301, "Location: /elsewhere\r\n");
        HandshakeException refused = refusal(connecting);
        assertEquals(301, refused.status());
        assertEquals("/elsewhere", refused.location().orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void aRedirectLoopFailsTheConnect(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/a", new RecordingListener(),
            c -> c);
        answer(raw, 302, "Location: /b\r\n");
        answer(raw, 302, "Location: " + peers.uri(raw.port(), "/a") + "\r\n");
        HandshakeException refused = refusal(connecting);
        assertEquals(302, refused.status());
        assertEquals("Redirect loop: " + peers.uri(raw.port(), "/a") + " was visited already", refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void aRedirectFromWssToWsIsRefusedUnlessAllowed(Harness peers) throws Exception {
        WebSocketServer plain = WebSocketServer.start(ServerConfig.builder().transport(peers.transportInstance())
            .endpoint("/echo", EchoListener::new).build());
        peers.closeLater(() -> plain.stop(Duration.ofSeconds(1)));
        URI insecure = URI.create("ws://localhost:" + plain.port() + "/echo");
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> refusedConnect = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c);
        answer(raw, 301, "Location: " + insecure + "\r\n");
        HandshakeException refused = refusal(refusedConnect);
        assertEquals(301, refused.status());
        assertEquals("Refused redirect from " + peers.uri(raw.port(), "/") + " to insecure " + insecure,
            refused.getMessage());

        CompletableFuture<WebSocket> allowed = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c.insecureRedirects(true));
        answer(raw, 301, "Location: " + insecure + "\r\n");
        assertEquals(insecure, allowed.get(60, TimeUnit.SECONDS).uri());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aRedirectFromWsToWssIsFollowed(Harness peers) throws Exception {
        WebSocketServer secure = WebSocketServer.start(ServerConfig.builder().transport(peers.transportInstance())
            .tls(TransportMatrix.serverContext()).endpoint("/echo", EchoListener::new).build());
        peers.closeLater(() -> secure.stop(Duration.ofSeconds(1)));
        URI target = URI.create("wss://localhost:" + secure.port() + "/echo");
        RawServer raw = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", client,
            c -> c.tls(TransportMatrix.clientContext()));
        answer(raw, 308, "Location: " + target + "\r\n");
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        assertEquals(target, socket.uri());
        socket.sendText("now over TLS");
        assertEquals("now over TLS", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void authorizationFollowsARedirectOnTheSameHostButNotToAnother(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        String scheme = peers.isTls() ? "wss" : "ws";
        CompletableFuture<WebSocket> connecting = WebSocketClient.create(peers.clientConfig().build())
            .connect(peers.uri(raw.port(), "/first"), HttpHeaders.of("Authorization", "Bearer secret",
                "X-Trace", "7"), new RecordingListener());
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        String first = answer(raw, 302, "Location: /second\r\n");
        assertTrue(first.contains("\r\nAuthorization: Bearer secret\r\n"), first);
        String second = answer(raw, 302, "Location: " + scheme + "://127.0.0.1:" + raw.port() + "/third\r\n");
        assertTrue(second.contains("\r\nAuthorization: Bearer secret\r\n"), second);
        RawPeer third = raw.accept();
        assertFalse(third.head().contains("Authorization"), third.head());
        assertTrue(third.head().contains("\r\nX-Trace: 7\r\n"), third.head());
        assertEquals(URI.create(scheme + "://127.0.0.1:" + raw.port() + "/third"),
            connecting.get(60, TimeUnit.SECONDS).uri());
    }

    /** Accepts one connection, reads its request, answers with a bodiless status and closes; returns the request. */
    static String answer(RawServer raw, int status, String headers) throws IOException {
        return answer(raw, "HTTP/1.1 " + status + " Moved\r\n" + headers + "Content-Length: 0\r\n\r\n");
    }

    /** Accepts one connection, reads its request, writes the response as it is and closes; returns the request. */
    static String answer(RawServer raw, String response) throws IOException {
        try (Socket socket = raw.acceptSilently()) {
            String request = RawPeer.readHead(socket.getInputStream());
            socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return request;
        }
    }

    static HandshakeException refusal(CompletableFuture<WebSocket> connecting) {
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(HandshakeException.class, failure.getCause());
    }
}
