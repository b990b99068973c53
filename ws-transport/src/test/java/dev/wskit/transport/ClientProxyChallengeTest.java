package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's answer to an HTTP proxy's 407 (RFC 9110 §15.5.8) through its {@link ProxyChallengeHandler}: the
 * handler sees the {@code Proxy-Authenticate} challenges (RFC 9110 §11.7.1) and the proxy, and the connect
 * retries once, over a new connection, with the {@code Proxy-Authorization} (RFC 9110 §11.7.2) it returns; an
 * empty answer or a second 407 fails the connect with the {@link ProxyException}. Against a fake proxy, on
 * every transport.
 */
class ClientProxyChallengeTest {
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final String BEARER_407 = "HTTP/1.1 407 Proxy Authentication Required\r\n"
        + "Proxy-Authenticate: Bearer realm=\"x\"\r\nContent-Length: 0\r\n\r\n";

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void retriesA407OnANewConnectionWithTheHandlersCredentials(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", fake.port());
        Challenges challenges = new Challenges(Optional.of("Bearer t0k3n"));
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/echo", client,
            c -> c.proxy(proxy).proxyChallenges(challenges));
        assertEquals("CONNECT localhost:9 HTTP/1.1\r\nHost: localhost:9\r\n\r\n", answer(fake, BEARER_407));
        try (Socket tunnel = fake.acceptSilently()) {
            assertEquals("CONNECT localhost:9 HTTP/1.1\r\nHost: localhost:9\r\n"
                + "Proxy-Authorization: Bearer t0k3n\r\n\r\n", RawPeer.readHead(tunnel.getInputStream()));
            write(tunnel, "HTTP/1.1 200 Connection established\r\n\r\n");
            String upgrade = RawPeer.readHead(tunnel.getInputStream());
            assertTrue(upgrade.startsWith("GET /echo HTTP/1.1\r\nHost: localhost:9\r\n"), upgrade);
            Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$").matcher(upgrade);
            assertTrue(key.find(), upgrade);
            write(tunnel, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + RawServer.accept(key.group(1)) + "\r\n\r\n");
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            assertEquals(URI.create("ws://localhost:9/echo"), socket.uri());
            assertEquals("open", client.next());
        }
        assertEquals(List.of(proxy + " Bearer realm=\"x\""), challenges.seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aHandlerThatGivesUpFailsTheConnectWithThe407(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", fake.port());
        Challenges challenges = new Challenges(Optional.empty());
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(proxy).proxyChallenges(challenges));
        answer(fake, BEARER_407);
        ProxyException failure = proxyFailure(connecting);
        assertEquals(407, failure.status());
        assertEquals(Optional.of("Bearer realm=\"x\""), failure.headers().first("Proxy-Authenticate"));
        assertEquals(List.of(proxy + " Bearer realm=\"x\""), challenges.seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aSecond407FailsTheConnectWithoutAskingAgain(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", fake.port());
        Challenges challenges = new Challenges(Optional.of("Bearer stale"));
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(proxy).proxyChallenges(challenges));
        answer(fake, BEARER_407);
        String retry = answer(fake, "HTTP/1.1 407 Proxy Authentication Required\r\n"
            + "Proxy-Authenticate: Bearer realm=\"x\", error=\"invalid_token\"\r\nContent-Length: 0\r\n\r\n");
        assertTrue(retry.contains("\r\nProxy-Authorization: Bearer stale\r\n"), retry);
        ProxyException failure = proxyFailure(connecting);
        assertEquals(407, failure.status());
        assertEquals(Optional.of("Bearer realm=\"x\", error=\"invalid_token\""),
            failure.headers().first("Proxy-Authenticate"));
        assertEquals("Proxy 127.0.0.1:" + fake.port() + " refused CONNECT localhost:9: 407 Proxy Authentication"
            + " Required (it wants credentials)", failure.getMessage());
        assertEquals(List.of(proxy + " Bearer realm=\"x\""), challenges.seen);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aRefusalOtherThan407IsNoChallenge(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        Challenges challenges = new Challenges(Optional.of("Bearer t0k3n"));
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())).proxyChallenges(challenges));
        answer(fake, "HTTP/1.1 403 Forbidden\r\nProxy-Authenticate: Bearer realm=\"x\"\r\nContent-Length: 0\r\n\r\n");
        assertEquals(403, proxyFailure(connecting).status());
        assertEquals(List.of(), challenges.seen);
    }

    /** Answers every challenge alike, recording the proxy and the first challenge of each. */
    private static final class Challenges implements ProxyChallengeHandler {
        private final Optional<String> answer;
        private final List<String> seen = new CopyOnWriteArrayList<>();

        Challenges(Optional<String> answer) {
            this.answer = answer;
        }

        @Override
        public Optional<String> onChallenge(InetSocketAddress proxy, ProxyException refusal) {
            seen.add(proxy + " " + refusal.headers().first("Proxy-Authenticate").orElse("none"));
            return answer;
        }
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String answer(RawServer fake, String response) throws Exception {
        return ClientConnectRedirectTest.answer(fake, response);
    }

    private static ProxyException proxyFailure(CompletableFuture<WebSocket> connecting) {
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(ProxyException.class, failure.getCause());
    }
}
