package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wskit.transport.spi.TlsHandshakeTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client's connect through an HTTP proxy's {@code CONNECT} tunnel (RFC 9110 §9.3.6), on every transport:
 * through a real proxy (Debian's tinyproxy, with and without Basic credentials, {@code ws://} and
 * {@code wss://}), through the proxy the JDK's {@link ProxySelector#getDefault()} names, with TLS inside the
 * tunnel verified against the server, and against a fake proxy that refuses, wants credentials, or closes,
 * each failing the connect with a {@link ProxyException} that says so.
 */
class ClientProxyTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";
    private static String missing;

    @BeforeAll
    static void findTinyproxy() {
        missing = Tinyproxy.missing();
        if (missing != null) {
            System.err.println("*** SKIPPED the tinyproxy tests of ClientProxyTest: " + missing + " ***");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void connectsThroughTinyproxy(Harness peers) throws Exception {
        assumeTrue(missing == null, () -> "SKIPPED: " + missing);
        Tinyproxy proxy = peers.closeLater(Tinyproxy.start(""));
        WebSocketServer server = peers.echoServer(new EchoListener());
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client, c -> c.proxy(proxy.address()));
        assertEquals("open", client.next());
        socket.sendText("through the tunnel");
        assertEquals("through the tunnel", client.nextMessage());
        byte[] big = new byte[3 << 20];
        new java.util.Random(6455).nextBytes(big);
        socket.sendBinary(ByteBuffer.wrap(big));
        assertArrayEquals(big, (byte[]) client.nextMessage());
        socket.close(1000, "done");
        assertEquals(List.of("text through the tunnel", "binary " + big.length, "close 1000 done clean=true"),
            client.untilClose());
        client.assertExhausted();
        assertTrue(proxy.log().contains("CONNECT localhost:" + server.port() + " HTTP/1.1"), proxy.log());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void sendsBasicCredentialsToTinyproxyAndFailsWithout(Harness peers) throws Exception {
        assumeTrue(missing == null, () -> "SKIPPED: " + missing);
        Tinyproxy proxy = peers.closeLater(Tinyproxy.start("BasicAuth alice s3cret"));
        WebSocketServer server = peers.echoServer(new EchoListener());
        CompletableFuture<WebSocket> refused = peers.connectAsync(server.port(), "/echo", new RecordingListener(),
            c -> c.proxy(proxy.address()));
        ProxyException failure = proxyFailure(refused);
        assertEquals(407, failure.status());
        assertTrue(failure.getMessage().startsWith("Proxy 127.0.0.1:" + proxy.address().getPort()
            + " refused CONNECT localhost:" + server.port() + ": 407 "), failure.getMessage());
        assertTrue(failure.headers().first("Proxy-Authenticate").orElse("").startsWith("Basic"));

        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client,
            c -> c.proxy(proxy.address()).proxyCredentials("alice", "s3cret"));
        socket.sendText("authenticated");
        assertEquals("authenticated", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void theJdksDefaultSelectorFollowsTheProxySystemProperties(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        String[] names = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts"};
        String[] saved = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            saved[i] = System.getProperty(names[i]);
        }
        System.setProperty("http.proxyHost", "127.0.0.1");
        System.setProperty("http.proxyPort", Integer.toString(fake.port()));
        System.setProperty("http.nonProxyHosts", "localhost");
        try {
            // the JDK's selector sends loopback hosts direct whatever the properties say; the proxy resolves the name
            CompletableFuture<WebSocket> connecting = WebSocketClient.create(peers.clientConfig()
                .proxy(ProxySelector.getDefault()).build()).connect(URI.create("ws://wskit.example:9/"),
                new RecordingListener());
            String request = answer(fake, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
            assertEquals("CONNECT wskit.example:9 HTTP/1.1\r\nHost: wskit.example:9\r\n\r\n", request);
            assertEquals(403, proxyFailure(connecting).status());
        } finally {
            for (int i = 0; i < names.length; i++) {
                if (saved[i] == null) {
                    System.clearProperty(names[i]);
                } else {
                    System.setProperty(names[i], saved[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aProxyThatRefusesFailsTheConnectWithItsStatus(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())).proxyCredentials("bob", "pw"));
        String request = answer(fake, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        assertEquals("CONNECT localhost:9 HTTP/1.1\r\nHost: localhost:9\r\n"
            + "Proxy-Authorization: Basic Ym9iOnB3\r\n\r\n", request);
        ProxyException failure = proxyFailure(connecting);
        assertEquals(502, failure.status());
        assertEquals("Proxy 127.0.0.1:" + fake.port() + " refused CONNECT localhost:9: 502 Bad Gateway",
            failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aProxyThatWantsCredentialsFailsTheConnectWith407(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())));
        answer(fake, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n"
            + "Content-Length: 0\r\n\r\n");
        ProxyException failure = proxyFailure(connecting);
        assertEquals(407, failure.status());
        assertEquals(Optional.of("Basic realm=\"corp\""), failure.headers().first("Proxy-Authenticate"));
        assertTrue(failure.getMessage().endsWith("407 Proxy Authentication Required (it wants credentials)"),
            failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aProxyThatClosesBeforeAnsweringFailsTheConnect(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())));
        answer(fake, "");
        ProxyException failure = proxyFailure(connecting);
        assertEquals(0, failure.status());
        assertTrue(failure.getMessage().startsWith("Proxy 127.0.0.1:" + fake.port()
            + " gave no answer to CONNECT localhost:9: "), failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aTunnelThatClosesDuringTheOpeningHandshakeFailsTheConnect(Harness peers) throws Exception {
        RawServer fake = peers.rawServer();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/echo", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())));
        try (Socket tunnel = fake.acceptSilently()) {
            RawPeer.readHead(tunnel.getInputStream());
            tunnel.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
            String upgrade = RawPeer.readHead(tunnel.getInputStream());
            assertTrue(upgrade.startsWith("GET /echo HTTP/1.1\r\nHost: localhost:9\r\n"), upgrade);
        }
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        assertEquals("Connection closed during the handshake", failure.getCause().getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aDirectChoiceOfTheSelectorBypassesTheProxy(Harness peers) throws Exception {
        WebSocketServer server = peers.echoServer(new EchoListener());
        ProxySelector direct = new ProxySelector() {
            @Override
            public List<java.net.Proxy> select(URI uri) {
                return List.of(java.net.Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, java.net.SocketAddress address, java.io.IOException failure) {
            }
        };
        RecordingListener client = new RecordingListener();
        peers.connect(server.port(), "/echo", client, c -> c.proxy(direct)).sendText("direct");
        assertEquals("direct", client.nextMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void tlsInsideTheTunnelIsWithTheServerNotTheProxy(Harness peers) throws Exception {
        RawServer fake = plainProxy(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/secure", client,
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())));
        try (Socket tunnel = fake.acceptSilently()) {
            assertEquals("CONNECT localhost:9 HTTP/1.1\r\nHost: localhost:9\r\n\r\n",
                RawPeer.readHead(tunnel.getInputStream()));
            tunnel.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
            // the server's end of the tunnel: TLS with the suite's certificate for localhost
            Socket server = TransportMatrix.serverContext().getSocketFactory().createSocket(tunnel, null, true);
            String upgrade = RawPeer.readHead(server.getInputStream());
            assertTrue(upgrade.startsWith("GET /secure HTTP/1.1\r\nHost: localhost:9\r\n"), upgrade);
            Matcher key = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$").matcher(upgrade);
            assertTrue(key.find(), upgrade);
            server.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + RawServer.accept(key.group(1)) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            server.getOutputStream().write(HexFormat.of().parseHex("810568656c6c6f")); // RFC 6455 §5.7
            WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
            assertTrue(socket.isSecure());
            assertEquals(URI.create("wss://localhost:9/secure"), socket.uri());
            assertEquals("open", client.next());
            assertEquals("hello", client.nextMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void theServersCertificateMustNameTheServerNotTheProxy(Harness peers) throws Exception {
        RawServer fake = plainProxy(peers);
        // the proxy is 127.0.0.1, which the certificate names; the server, wskit.example, it does not
        CompletableFuture<WebSocket> connecting = WebSocketClient.create(peers.clientConfig()
            .proxy(new InetSocketAddress("127.0.0.1", fake.port())).build())
            .connect(URI.create("wss://wskit.example:9/"), new RecordingListener());
        peers.closeLater(() -> connecting.thenAccept(WebSocket::abort));
        try (Socket tunnel = fake.acceptSilently()) {
            RawPeer.readHead(tunnel.getInputStream());
            tunnel.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            Socket server = TransportMatrix.serverContext().getSocketFactory().createSocket(tunnel, null, true);
            assertThrows(IOException.class, () -> RawPeer.readHead(server.getInputStream()));
        }
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        assertInstanceOf(SSLHandshakeException.class, failure.getCause());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void aProxyThatNeverAnswersOutlastsTheConnectTimeout(Harness peers) throws Exception {
        RawServer fake = plainProxy(peers);
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())).connectTimeout(Duration.ofMillis(300)));
        // the proxy reads the request and never answers it
        peers.closeLater(fake.acceptAndIgnore());
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        SocketTimeoutException timeout = assertInstanceOf(SocketTimeoutException.class, failure.getCause());
        assertEquals("Proxy 127.0.0.1:" + fake.port() + " gave no answer to CONNECT localhost:9 within the connect"
            + " timeout of 300 ms", timeout.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void aTlsHandshakeInTheTunnelThatNeverEndsOutlastsItsOwnTimeout(Harness peers) throws Exception {
        RawServer fake = plainProxy(peers);
        // the connect timeout, which bounds the CONNECT exchange, is far longer: only the TLS handshake can time out
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())).connectTimeout(Duration.ofMinutes(5))
                .tlsHandshakeTimeout(Duration.ofMillis(500)));
        try (Socket tunnel = fake.acceptSilently()) {
            RawPeer.readHead(tunnel.getInputStream());
            tunnel.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(0x16, tunnel.getInputStream().read(), "the ClientHello, through the tunnel");
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> connecting.get(60, TimeUnit.SECONDS));
            TlsHandshakeTimeoutException timeout =
                assertInstanceOf(TlsHandshakeTimeoutException.class, failure.getCause());
            assertEquals("TLS handshake with localhost:9 through proxy 127.0.0.1:" + fake.port()
                + " timed out after 500 ms", timeout.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void aTunnelThatClosesDuringTheTlsHandshakeFailsTheConnect(Harness peers) throws Exception {
        RawServer fake = plainProxy(peers);
        CompletableFuture<WebSocket> connecting = peers.connectAsync(9, "/", new RecordingListener(),
            c -> c.proxy(new InetSocketAddress("127.0.0.1", fake.port())));
        answer(fake, "HTTP/1.1 200 OK\r\n\r\n");
        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().startsWith("Tunnel through proxy 127.0.0.1:" + fake.port()
            + " closed during the TLS handshake with localhost:9: "), failure.getCause().getMessage());
    }

    /** A fake proxy: a plain raw server, on a TLS cell too. */
    private static RawServer plainProxy(Harness peers) throws IOException {
        return peers.closeLater(new RawServer(null));
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
