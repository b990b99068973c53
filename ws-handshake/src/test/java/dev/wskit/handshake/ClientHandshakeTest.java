package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.ExtensionOffer.Parameter;
import dev.wskit.handshake.HttpHeadParser.Complete;
import dev.wskit.handshake.ServerHandshake.Outcome;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHandshakeTest {
    /** Yields the nonce of RFC 6455 §1.3, so that the key is {@link Samples#SAMPLE_KEY}. */
    private static final RandomGenerator SAMPLE_NONCE = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy("the sample nonce".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, bytes.length);
        }
    };
    private static final ExtensionOffer DEFLATE = ExtensionOffer.of("permessage-deflate");
    private static final ClientHandshakeConfig SAMPLE = ClientHandshakeConfig.builder().keys(SAMPLE_NONCE).build();

    @Test
    void buildsTheRequestFromTheUriAndConfiguration() {
        ClientHandshakeConfig config = ClientHandshakeConfig.builder()
            .keys(SAMPLE_NONCE)
            .origin("http://example.com")
            .subprotocols("chat", "superchat")
            .extensions(new FakeNegotiator("permessage-deflate", 0b100,
                ExtensionOffer.of("permessage-deflate", Parameter.of("client_max_window_bits")),
                ExtensionOffer.of("permessage-deflate")), new FakeNegotiator("x-none", 0b010))
            .headers(HttpHeaders.of("Authorization", "Bearer t", "Cookie", "a=b"))
            .build();

        ClientHandshake handshake = ClientHandshake.start(URI.create("ws://example.com:8080/chat?room=1"), config);

        assertEquals("""
            GET /chat?room=1 HTTP/1.1\r
            Host: example.com:8080\r
            Upgrade: websocket\r
            Connection: Upgrade\r
            Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
            Sec-WebSocket-Version: 13\r
            Origin: http://example.com\r
            Sec-WebSocket-Protocol: chat, superchat\r
            Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate\r
            Authorization: Bearer t\r
            Cookie: a=b\r
            \r
            """, text(handshake.requestBytes()));
        assertFalse(handshake.isSecure());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ws://h              | h          | /",
        "ws://h:80/          | h          | /",
        "wss://h:443/a       | h          | /a",
        "ws://h:443          | h:443      | /",
        "wss://h:80          | h:80       | /",
        "ws://[::1]:9000/x?y=z | [::1]:9000 | /x?y=z",
        "wss://[2001:db8::1]/ | [2001:db8::1] | /",
        "WS://Example.COM/p%20q | Example.COM | /p%20q",
        "ws://h?x            | h          | /?x",
        "ws://h/\u00e9?q=\u00e9 | h       | /%C3%A9?q=%C3%A9"})
    void takesHostAndTargetFromTheUri(String uri, String host, String target) {
        HandshakeRequest request = ClientHandshake.start(URI.create(uri), SAMPLE).request();

        assertEquals(Optional.of(host), request.headers().first("Host"));
        assertEquals(target, request.target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://h/", "https://h/", "ws://h/#", "ws://h/chat#top", "ws://user@h/", "ws:/path",
        "ws:opaque", "ws://h_h/", "ws://h:70000/", "/relative"})
    void refusesUrisThatAreNotWebSocketUris(String uri) {
        assertThrows(IllegalArgumentException.class, () -> ClientHandshake.start(URI.create(uri), SAMPLE));
    }

    @Test
    void drawsAFreshKeyForEachHandshake() {
        ClientHandshakeConfig config = ClientHandshakeConfig.defaults();
        URI uri = URI.create("wss://h/");

        String first = ClientHandshake.start(uri, config).request().headers().first("Sec-WebSocket-Key").orElseThrow();
        String second = ClientHandshake.start(uri, config).request().headers().first("Sec-WebSocket-Key").orElseThrow();

        assertNotEquals(first, second);
        assertTrue(AcceptKey.isValid(first) && AcceptKey.isValid(second));
        assertTrue(ClientHandshake.start(uri).isSecure());
    }

    @Test
    void acceptsTheRfcSampleResponse() throws HandshakeException {
        ClientHandshake.Accepted accepted = sample().verify(response(Samples.SAMPLE_RESPONSE));

        assertEquals(Optional.empty(), accepted.subprotocol());
        assertEquals(List.of(), accepted.extensions());
    }

    static Stream<Arguments> badResponses() {
        String accept = "Sec-WebSocket-Accept: " + Samples.SAMPLE_ACCEPT;
        return Stream.of(
            Arguments.of("101 Switching Protocols", "403 Forbidden", 403, "Expected status 101 but was 403 Forbidden"),
            Arguments.of("101 Switching Protocols", "401 Unauthorized", 401,
                "Expected status 101 but was 401 Unauthorized"),
            Arguments.of("Upgrade: websocket\r\n", "", 101, "Expected Upgrade: websocket but was absent"),
            Arguments.of("Upgrade: websocket", "Upgrade: websocket, h2c", 101,
                "Expected Upgrade: websocket but was 'websocket, h2c'"),
            Arguments.of("Connection: Upgrade\r\n", "", 101, "Expected Connection: Upgrade but was absent"),
            Arguments.of("Connection: Upgrade", "Connection: close", 101,
                "Expected Connection: Upgrade but was 'close'"),
            Arguments.of(accept + "\r\n", "", 101, "Expected " + accept + " but was absent"),
            Arguments.of(accept, accept.replace("xOo=", "xOO="), 101,
                "Expected " + accept + " but was 's3pPLMBiTxaQ9kYGzzhZRbK+xOO='"),
            Arguments.of(accept, accept + "\r\n" + accept, 101,
                "Expected " + accept + " but was '" + Samples.SAMPLE_ACCEPT + ", " + Samples.SAMPLE_ACCEPT + "'"),
            Arguments.of(accept, accept + "\r\nSec-WebSocket-Protocol: chat", 101,
                "Expected no Sec-WebSocket-Protocol but was 'chat'"),
            Arguments.of(accept, accept + "\r\nSec-WebSocket-Extensions: x-foo", 101,
                "Expected extensions among [] but the server accepted x-foo"),
            Arguments.of(accept, accept + "\r\nSec-WebSocket-Extensions: x-foo;", 101,
                "Malformed Sec-WebSocket-Extensions: expected a parameter name at index 6 of 'x-foo;'"));
    }

    @ParameterizedTest
    @MethodSource("badResponses")
    void failsOnBadResponseSayingWhatWasExpected(String original, String replacement, int status, String message) {
        HandshakeResponse response = response(Samples.SAMPLE_RESPONSE.replace(original, replacement));

        HandshakeException e = assertThrows(HandshakeException.class, () -> sample().verify(response));

        assertEquals(status, e.status());
        assertEquals(message, e.getMessage());
        assertEquals(Optional.of(response), e.response());
    }

    @Test
    void reportsWhereARedirectPoints() {
        HandshakeResponse redirect = response("HTTP/1.1 302 Found\r\nLocation: wss://other.example/\r\n\r\n");

        HandshakeException e = assertThrows(HandshakeException.class, () -> sample().verify(redirect));

        assertEquals(302, e.status());
        assertEquals(Optional.of("wss://other.example/"), e.location());
    }

    @Test
    void acceptsOnlyARequestedSubprotocol() throws HandshakeException {
        ClientHandshake handshake = ClientHandshake.start(URI.create("ws://h/"),
            ClientHandshakeConfig.builder().keys(SAMPLE_NONCE).subprotocols("chat", "superchat").build());
        String accepted = Samples.SAMPLE_RESPONSE.replace("\r\n\r\n", "\r\nSec-WebSocket-Protocol: superchat\r\n\r\n");

        assertEquals(Optional.of("superchat"), handshake.verify(response(accepted)).subprotocol());
        assertEquals(Optional.empty(), handshake.verify(response(Samples.SAMPLE_RESPONSE)).subprotocol());
        HandshakeException other = assertThrows(HandshakeException.class,
            () -> handshake.verify(response(accepted.replace("superchat", "chat, superchat"))));
        assertEquals("Expected Sec-WebSocket-Protocol one of [chat, superchat] but was 'chat, superchat'",
            other.getMessage());
    }

    @Test
    void hasEachOfferedExtensionCheckedByItsNegotiator() throws HandshakeException {
        FakeNegotiator deflate = new FakeNegotiator("permessage-deflate", 0b100, DEFLATE);
        FakeNegotiator foo = new FakeNegotiator("x-foo", 0b010, ExtensionOffer.of("x-foo"));
        ClientHandshake handshake = withExtensions(deflate, foo);

        ClientHandshake.Accepted accepted = handshake.verify(withExtensionsHeader("x-foo; a=1, permessage-deflate"));

        assertEquals(List.of(foo.made.get(0), deflate.made.get(0)), accepted.extensions());
        assertEquals(ExtensionOffer.of("x-foo", Parameter.of("a", "1")), foo.made.get(0).agreed);
    }

    static Stream<Arguments> badExtensionAnswers() {
        return Stream.of(
            Arguments.of("x-foo, x-bar",
                "Expected extensions among [permessage-deflate, x-foo] but the server accepted x-bar"),
            Arguments.of("x-foo, X-FOO", "Expected X-FOO at most once but the server accepted it twice: x-foo, X-FOO"),
            Arguments.of("x-foo, permessage-deflate; invalid",
                "Expected valid permessage-deflate parameters but was permessage-deflate; invalid"),
            Arguments.of("x-foo, x-clash", "Expected extensions with distinct RSV bits but x-clash reuses 10"));
    }

    @ParameterizedTest
    @MethodSource("badExtensionAnswers")
    void failsOnAnExtensionAnswerThatWasNotOfferedAndClosesTheOthers(String answer, String message) {
        FakeNegotiator deflate = new FakeNegotiator("permessage-deflate", 0b100, DEFLATE);
        FakeNegotiator foo = new FakeNegotiator("x-foo", 0b010, ExtensionOffer.of("x-foo"));
        FakeNegotiator clash = new FakeNegotiator("x-clash", 0b010, ExtensionOffer.of("x-clash"));
        ClientHandshake handshake = withExtensions(deflate, foo, clash);
        String expected = message.replace("[permessage-deflate, x-foo]", "[permessage-deflate, x-foo, x-clash]");

        HandshakeException e = assertThrows(HandshakeException.class,
            () -> handshake.verify(withExtensionsHeader(answer)));

        assertEquals(101, e.status());
        assertEquals(expected, e.getMessage());
        assertTrue(foo.made.get(0).closed);
        clash.made.forEach(extension -> assertTrue(extension.closed));
    }

    @Test
    void refusesANegotiatorThatOffersAnotherExtension() {
        ClientHandshakeConfig config = ClientHandshakeConfig.builder()
            .extensions(new FakeNegotiator("x-foo", 0b100, ExtensionOffer.of("x-bar"))).build();

        assertThrows(IllegalStateException.class, () -> ClientHandshake.start(URI.create("ws://h/"), config));
    }

    @Test
    void agreesWithAServerEndToEnd() throws HandshakeException {
        FakeNegotiator clientSide = new FakeNegotiator("permessage-deflate", 0b100,
            ExtensionOffer.of("permessage-deflate", Parameter.of("refuse")),
            ExtensionOffer.of("permessage-deflate", Parameter.of("server_no_context_takeover")));
        ClientHandshake client = ClientHandshake.start(URI.create("ws://localhost:9001/echo"),
            ClientHandshakeConfig.builder().origin("http://localhost:9001").subprotocols("a", "b")
                .extensions(clientSide).build());
        ServerHandshakeConfig server = ServerHandshakeConfig.builder().subprotocols("b")
            .extensions(new FakeNegotiator("permessage-deflate", 0b100)).build();

        Outcome outcome = ServerHandshake.evaluate(ServerHandshakeTest.parse(text(client.requestBytes())), server);
        ByteBuffer wire = assertInstanceOf(ServerHandshake.Accepted.class, outcome).responseBytes();
        ClientHandshake.Accepted accepted = client.verify(response(text(wire)));

        assertEquals(Optional.of("b"), accepted.subprotocol());
        assertEquals(ExtensionOffer.of("permessage-deflate", Parameter.of("server_no_context_takeover")),
            clientSide.made.get(0).agreed);
    }

    private static ClientHandshake sample() {
        return ClientHandshake.start(URI.create("ws://server.example.com/chat"), SAMPLE);
    }

    private static ClientHandshake withExtensions(FakeNegotiator... negotiators) {
        return ClientHandshake.start(URI.create("ws://h/"),
            ClientHandshakeConfig.builder().keys(SAMPLE_NONCE).extensions(negotiators).build());
    }

    private static HandshakeResponse withExtensionsHeader(String value) {
        return response(Samples.SAMPLE_RESPONSE.replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: " + value
            + "\r\n\r\n"));
    }

    private static HandshakeResponse response(String text) {
        HttpHeadParser<HandshakeResponse> parser = sample().newResponseParser();
        if (parser.parse(ByteBuffer.wrap(Splits.bytes(text))) instanceof Complete<HandshakeResponse> complete) {
            return complete.head();
        }
        throw new AssertionError("Not a complete head: " + text);
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.ISO_8859_1.decode(bytes).toString();
    }
}
