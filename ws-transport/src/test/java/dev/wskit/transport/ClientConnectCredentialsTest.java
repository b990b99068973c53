package dev.wskit.transport;

import static dev.wskit.transport.ClientConnectRedirectTest.answer;
import static dev.wskit.transport.ClientConnectRedirectTest.refusal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a client's connect sends to be let in, on every transport, plain and over TLS: headers of its own, Basic
 * credentials from the URI's user information (RFC 7617), one answer to a 401 (RFC 9110 §11.6.1), cookies
 * (RFC 6265) from and into a {@link CookieManager}; and what it keeps of a refusal: status, headers, and the
 * start of the body.
 */
class ClientConnectCredentialsTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    /** "alice:s3cret" in Base64, RFC 7617 §2. */
    private static final String ALICE = "Basic YWxpY2U6czNjcmV0";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void sendsTheConnectsOwnHeadersAfterTheConfigurations(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        WebSocketClient client = WebSocketClient.create(peers.clientConfig().handshake(
            ClientHandshakeConfig.builder().headers(HttpHeaders.of("X-Client", "cli")).build())
            .build());
        CompletableFuture<WebSocket> connecting = client.connect(peers.uri(raw.port(), "/"),
            HttpHeaders.of("Authorization", "Bearer token-1"), new RecordingListener());
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        String request = raw.accept().head();
        assertTrue(request.contains("\r\nX-Client: cli\r\nAuthorization: Bearer token-1\r\n"), request);
        connecting.get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void userInformationInTheUriIsSentAsBasicCredentialsAndNowhereElse(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        URI plainUri = peers.uri(raw.port(), "/private");
        URI withUser = URI.create(plainUri.toString().replace("://", "://alice:s3cret@"));
        CompletableFuture<WebSocket> connecting = WebSocketClient.create(peers.clientConfig().build())
            .connect(withUser, HttpHeaders.of("Authorization", "Bearer ignored"), new RecordingListener());
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        String request = raw.accept().head();
        assertTrue(request.contains("\r\nAuthorization: " + ALICE + "\r\n"), request);
        assertFalse(request.contains("Bearer") || request.contains("alice@"), request);
        assertTrue(request.contains("\r\nHost: localhost:" + raw.port() + "\r\n"), request);
        assertEquals(plainUri, connecting.get(60, TimeUnit.SECONDS).uri());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void aChallengeIsAnsweredOnceWithTheHandlersCredentials(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        List<HandshakeException> challenges = new CopyOnWriteArrayList<>();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c.challenges((uri, refusal) -> {
                challenges.add(refusal);
                return Optional.of(ChallengeHandler.basicAuthorization("alice", "s3cret"));
            }));
        String first = answer(raw, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\n"
            + "Content-Length: 0\r\n\r\n");
        assertFalse(first.contains("Authorization"), first);
        String second = answer(raw, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"ws\"\r\n"
            + "Content-Length: 0\r\n\r\n");
        assertTrue(second.contains("\r\nAuthorization: " + ALICE + "\r\n"), second);
        HandshakeException refused = refusal(connecting);
        assertEquals(401, refused.status());
        assertEquals(1, challenges.size(), "one challenge answered, the second fails the connect");
        assertEquals(Optional.of("Basic realm=\"ws\""), challenges.getFirst().headers().first("WWW-Authenticate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void anAnsweredChallengeOpensTheConnection(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c.challenges(ChallengeHandler.basic("alice", "s3cret")));
        answer(raw, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n");
        assertTrue(raw.accept().head().contains("\r\nAuthorization: " + ALICE + "\r\n"));
        connecting.get(60, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void aRefusalKeepsItsStatusHeadersAndTheFirstFourKibibytesOfItsBody(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c);
        byte[] body = new byte[10_000];
        Arrays.fill(body, (byte) 'x');
        answer(raw, "HTTP/1.1 403 Forbidden\r\nX-Reason: banned\r\nContent-Length: 10000\r\n\r\n"
            + new String(body, StandardCharsets.ISO_8859_1));
        HandshakeException refused = refusal(connecting);
        assertEquals(403, refused.status());
        assertEquals("Expected status 101 but was 403 Forbidden", refused.getMessage());
        assertEquals(Optional.of("banned"), refused.headers().first("X-Reason"));
        assertArrayEquals(Arrays.copyOf(body, HandshakeException.MAX_BODY), refused.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void aRefusalsBodyWithoutALengthEndsWithTheConnection(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c);
        answer(raw, "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n{\"retry\":\"later\"}");
        HandshakeException refused = refusal(connecting);
        assertEquals(503, refused.status());
        assertEquals("{\"retry\":\"later\"}", new String(refused.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void cookiesAreSentFromAndStoredIntoTheCookieHandlerAcrossARedirect(Harness peers) throws Exception {
        RawServer raw = peers.rawServer();
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        String http = peers.isTls() ? "https" : "http";
        cookies.getCookieStore().add(URI.create(http + "://localhost/"), cookie("session", "s1"));
        CompletableFuture<WebSocket> connecting = peers.connectAsync(raw.port(), "/", new RecordingListener(),
            c -> c.cookies(cookies));
        String first = answer(raw, 302, "Location: /next\r\nSet-Cookie: hop=h1; Path=/\r\n");
        assertTrue(first.contains("\r\nCookie: session=s1\r\n"), first);
        String second = acceptWith(raw, "Set-Cookie: opened=o1; Path=/\r\n");
        assertTrue(second.contains("\r\nCookie: hop=h1; session=s1\r\n")
            || second.contains("\r\nCookie: session=s1; hop=h1\r\n"), second);
        connecting.get(60, TimeUnit.SECONDS);
        List<String> stored = cookies.getCookieStore().get(URI.create(http + "://localhost:" + raw.port() + "/"))
            .stream().map(HttpCookie::toString).sorted().toList();
        assertEquals(List.of("hop=h1", "opened=o1", "session=s1"), stored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aHeaderTheHandshakeManagesIsRefusedBeforeConnecting(Harness peers) {
        WebSocketClient client = WebSocketClient.create(peers.clientConfig().build());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> client.connect(
            peers.uri(9, "/"), HttpHeaders.of("Sec-WebSocket-Key", "x"), new RecordingListener()));
        assertTrue(refused.getMessage().contains("Sec-WebSocket-Key"), refused.getMessage());
    }

    private static HttpCookie cookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        return cookie;
    }

    /** Accepts a connection and answers 101 with extra headers; returns the request. */
    private static String acceptWith(RawServer raw, String headers) throws IOException {
        Socket socket = raw.acceptSilently();
        String request = RawPeer.readHead(socket.getInputStream());
        Matcher key = KEY.matcher(request);
        assertTrue(key.find(), request);
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + RawServer.accept(key.group(1)) + "\r\n" + headers + "\r\n";
        socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return request;
    }
}
