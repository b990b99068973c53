package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.transport.ClientConfig;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientSetupTest {

    @Test
    void aBareHostAndPortMeansWs() {
        assertEquals(URI.create("ws://localhost:9001/"), ClientSetup.uri("localhost:9001"));
        assertEquals(URI.create("ws://127.0.0.1:8080/chat?name=al"), ClientSetup.uri("127.0.0.1:8080/chat?name=al"));
    }

    @Test
    void httpUrlsStandForWsAndAnEmptyPathBecomesSlash() {
        assertEquals(URI.create("ws://example.com/"), ClientSetup.uri("http://example.com"));
        assertEquals(URI.create("wss://example.com/?x=1"), ClientSetup.uri("https://example.com?x=1"));
        assertEquals(URI.create("wss://example.com:8443/feed"), ClientSetup.uri("wss://example.com:8443/feed"));
    }

    @Test
    void otherSchemesAreUsageErrors() {
        assertEquals("Not a WebSocket URL (ws://HOST[:PORT]/PATH or HOST:PORT): ftp://example.com/",
            assertThrows(Options.UsageException.class, () -> ClientSetup.uri("ftp://example.com/")).getMessage());
    }

    @Test
    void headersAndSubprotocolsGoIntoTheHandshake() throws Exception {
        Options options = Options.parse(new String[] {"-H", "Authorization: Bearer t0k", "-H", "X-A:1",
            "-s", "chat.v1", "-s", "chat.v2"}, Set.of("header", "subprotocol"), Set.of(),
            Map.of('H', "header", 's', "subprotocol"));
        ClientConfig config = ClientSetup.config(options);
        assertEquals(List.of("chat.v1", "chat.v2"), config.handshake().subprotocols());
        assertEquals(Optional.of("Bearer t0k"), config.handshake().headers().first("Authorization"));
        assertEquals(Optional.of("1"), config.handshake().headers().first("X-A"));
    }

    @Test
    void eachConnectStageHasItsOwnTimeoutOption() throws Exception {
        Options options = Options.parse(new String[] {"--connect-timeout", "2", "--tls-timeout", "0.5",
            "--handshake-timeout", "7"}, Set.of("connect-timeout", "tls-timeout", "handshake-timeout"), Set.of(),
            Map.of());
        ClientConfig config = ClientSetup.config(options);
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(Duration.ofMillis(500), config.tlsHandshakeTimeout());
        assertEquals(Duration.ofSeconds(7), config.connection().handshakeTimeout());
        assertEquals(Duration.ofMillis(9500), ClientSetup.ConnectLimits.of(options).total());
    }

    @Test
    void aHeaderWithoutAColonIsAUsageError() {
        Options options = Options.parse(new String[] {"-H", "Authorization"}, Set.of("header"), Set.of(),
            Map.of('H', "header"));
        assertEquals("A header is 'Name: value', not: Authorization",
            assertThrows(Options.UsageException.class, () -> ClientSetup.config(options)).getMessage());
    }

    @Test
    void authBecomesBasicCredentials() throws Exception {
        ClientConfig config = ClientSetup.config(parse("--auth", "alice:s3cret"));
        assertEquals(Optional.of("Basic YWxpY2U6czNjcmV0"), config.handshake().headers().first("Authorization"));
    }

    @Test
    void authWithAnAuthorizationHeaderIsAUsageError() {
        Options options = parse("--auth", "alice:s3cret", "-H", "authorization: Bearer x");
        assertEquals("Give --auth or an Authorization header, not both",
            assertThrows(Options.UsageException.class, () -> ClientSetup.config(options)).getMessage());
        assertEquals("--auth credentials are USER:PASSWORD", assertThrows(Options.UsageException.class,
            () -> ClientSetup.config(parse("--auth", "alice"))).getMessage());
    }

    @Test
    void proxyNamesTheHttpProxyAndItsCredentials() throws Exception {
        ClientConfig config = ClientSetup.config(parse("--proxy", "http://bob:pw@proxy.example:3128"));
        List<Proxy> chosen = config.proxies().select(URI.create("http://example.com/"));
        assertEquals(List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example", 3128))),
            chosen);
        assertEquals("Basic Ym9iOnB3", config.proxyAuthorization());
        assertEquals(3128, ((InetSocketAddress) ClientSetup.config(parse("--proxy", "proxy.example:3128"))
            .proxies().select(URI.create("http://example.com/")).getFirst().address()).getPort());
    }

    @Test
    void aProxyWithoutAPortIsAUsageError() {
        assertEquals("--proxy is HOST:PORT or http://[USER:PASSWORD@]HOST:PORT, not: proxy.example",
            assertThrows(Options.UsageException.class, () -> ClientSetup.config(parse("--proxy", "proxy.example")))
                .getMessage());
    }

    @Test
    void redirectsAreFollowedOnlyWhenAsked() throws Exception {
        assertEquals(0, ClientSetup.config(parse()).maxRedirects());
        assertEquals(ClientSetup.FOLLOWED_REDIRECTS, ClientSetup.config(parse("-L")).maxRedirects());
        assertEquals(null, ClientSetup.config(parse()).proxies());
    }

    private static Options parse(String... args) {
        return Options.parse(args, Set.of("header", "auth", "proxy"), Set.of("follow-redirects"),
            Map.of('H', "header", 'L', "follow-redirects"));
    }
}
