package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.HttpHeadParser.Complete;
import dev.wskit.handshake.ServerHandshake.Accepted;
import dev.wskit.handshake.ServerHandshake.Outcome;
import dev.wskit.handshake.ServerHandshake.Rejected;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerHandshakeTest {
    private static final ServerHandshakeConfig DEFAULTS = ServerHandshakeConfig.defaults();
    private static final ServerHandshakeConfig NEGOTIATING = ServerHandshakeConfig.builder()
        .subprotocols("chat").extensions(new FakeNegotiator("x-foo", 0b100)).build();

    @Test
    void answersTheRfcSampleWithItsAcceptValue() {
        Accepted accepted = accept(Samples.MINIMAL_REQUEST, DEFAULTS);

        assertEquals(Samples.SAMPLE_RESPONSE, text(accepted.responseBytes()));
        assertEquals(Optional.empty(), accepted.subprotocol());
        assertEquals(List.of(), accepted.extensions());
    }

    @Test
    void acceptsChromeRequestFromTheSameOrigin() {
        Accepted accepted = accept(Samples.CHROME_REQUEST, DEFAULTS);

        assertEquals(Samples.SAMPLE_RESPONSE, text(accepted.responseBytes()));
    }

    static Stream<Arguments> acceptableVariations() {
        return Stream.of(
            Arguments.of("Connection: Upgrade", "Connection: keep-alive, Upgrade"),
            Arguments.of("Connection: Upgrade", "Connection: keep-alive\r\nConnection: upgrade"),
            Arguments.of("Upgrade: websocket", "upgrade: WebSocket"),
            Arguments.of("Upgrade: websocket", "Upgrade: h2c,  websocket "),
            Arguments.of("HTTP/1.1", "HTTP/1.2"),
            Arguments.of("GET / ", "GET ws://h/chat?x=1 "),
            Arguments.of("Host: h", "Host: [::1]:8080"),
            Arguments.of("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13\r\nOrigin: http://h"));
    }

    @ParameterizedTest
    @MethodSource("acceptableVariations")
    void acceptsVariationsThatTheRfcAllows(String original, String replacement) {
        accept(Samples.MINIMAL_REQUEST.replace(original, replacement), DEFAULTS);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
            Arguments.of("GET", "POST", 405, "Expected method GET but was POST"),
            Arguments.of("HTTP/1.1", "HTTP/1.0", 400, "Expected HTTP/1.1 or later but was HTTP/1.0"),
            Arguments.of("GET / ", "GET * ", 400, "Expected a request-target in origin or absolute form but was '*'"),
            Arguments.of("Host: h\r\n", "", 400, "Expected one valid Host but was absent"),
            Arguments.of("Host: h", "Host: h\r\nHost: h", 400, "Expected one valid Host but was 'h, h'"),
            Arguments.of("Host: h", "Host: a b", 400, "Expected one valid Host but was 'a b'"),
            Arguments.of("Host: h", "Host:", 400, "Expected one valid Host but was ''"),
            Arguments.of("Upgrade: websocket\r\n", "", 400, "Expected Upgrade: websocket but was absent"),
            Arguments.of("Upgrade: websocket", "Upgrade: h2c", 400, "Expected Upgrade: websocket but was 'h2c'"),
            Arguments.of("Connection: Upgrade\r\n", "", 400, "Expected Connection: Upgrade but was absent"),
            Arguments.of("Connection: Upgrade", "Connection: keep-alive", 400,
                "Expected Connection: Upgrade but was 'keep-alive'"),
            Arguments.of("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "", 400,
                "Expected a Sec-WebSocket-Key of 16 base64-encoded bytes but was absent"),
            Arguments.of("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZQ==", 400,
                "Expected a Sec-WebSocket-Key of 16 base64-encoded bytes but was 'dGhlIHNhbXBsZQ=='"),
            Arguments.of("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", 400,
                "Expected a Sec-WebSocket-Key of 16 base64-encoded bytes but was "
                    + "'dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ=='"),
            Arguments.of("Sec-WebSocket-Version: 13\r\n", "", 426, "Expected Sec-WebSocket-Version: 13 but was absent"),
            Arguments.of("Version: 13", "Version: 8", 426, "Expected Sec-WebSocket-Version: 13 but was '8'"),
            Arguments.of("Version: 13", "Version: 13\r\nOrigin: http://h\r\nOrigin: http://h", 400,
                "Expected at most one Origin but was 'http://h, http://h'"),
            Arguments.of("Version: 13", "Version: 13\r\nOrigin: http://evil.example", 403,
                "Origin not allowed: 'http://evil.example'"),
            Arguments.of("Version: 13", "Version: 13\r\nSec-WebSocket-Protocol: a b", 400,
                "Malformed Sec-WebSocket-Protocol: expected ',' or the end at index 2 of 'a b'"),
            Arguments.of("Version: 13", "Version: 13\r\nSec-WebSocket-Protocol: chat, chat", 400,
                "Subprotocol listed twice: 'chat'"),
            Arguments.of("Version: 13", "Version: 13\r\nSec-WebSocket-Extensions: x;", 400,
                "Malformed Sec-WebSocket-Extensions: expected a parameter name at index 2 of 'x;'"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void rejectsBadRequestWithItsStatus(String original, String replacement, int status, String body) {
        Rejected rejected = reject(Samples.MINIMAL_REQUEST.replace(original, replacement), NEGOTIATING);

        assertEquals(status, rejected.status());
        assertEquals(body, rejected.body());
    }

    @Test
    void ignoresHeadersOfferingWhatTheServerDoesNotSupport() {
        String request = Samples.MINIMAL_REQUEST.replace("Version: 13",
            "Version: 13\r\nSec-WebSocket-Extensions: x;\r\nSec-WebSocket-Protocol: chat, chat");

        Accepted accepted = accept(request, DEFAULTS);

        assertEquals(List.of(), accepted.extensions());
        assertEquals(Optional.empty(), accepted.subprotocol());
    }

    @Test
    void namesTheUnderstoodVersionWhenRejectingAnother() {
        Rejected rejected = reject(Samples.MINIMAL_REQUEST.replace("Version: 13", "Version: 8"), DEFAULTS);

        String body = "Expected Sec-WebSocket-Version: 13 but was '8'";
        assertEquals("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade, close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length() + "\r\n\r\n" + body, text(rejected.responseBytes()));
    }

    @Test
    void allowsMethodGetWhenRejectingAnother() {
        Rejected rejected = reject(Samples.MINIMAL_REQUEST.replace("GET", "PUT"), DEFAULTS);

        assertEquals(405, rejected.status());
        assertEquals(Optional.of("GET"), rejected.response().headers().first("Allow"));
        assertEquals(Optional.of("close"), rejected.response().headers().first("Connection"));
    }

    @Test
    void appliesTheOriginPolicy() {
        String request = Samples.MINIMAL_REQUEST.replace("Version: 13", "Version: 13\r\nOrigin: https://app.example");
        ServerHandshakeConfig allowList = ServerHandshakeConfig.builder()
            .originPolicy(OriginPolicy.allowList("https://APP.example")).build();
        ServerHandshakeConfig other = ServerHandshakeConfig.builder()
            .originPolicy(OriginPolicy.allowList("https://other.example")).build();

        accept(request, allowList);
        assertEquals(403, reject(request, other).status());
        accept(request, ServerHandshakeConfig.builder().originPolicy(OriginPolicy.allowAll()).build());
    }

    @Test
    void selectsTheSubprotocolByTheConfiguredPreference() {
        String request = Samples.MINIMAL_REQUEST.replace("Version: 13",
            "Version: 13\r\nSec-WebSocket-Protocol: v1.chat, v2.chat\r\nSec-WebSocket-Protocol: other");
        ServerHandshakeConfig.Builder builder = ServerHandshakeConfig.builder().subprotocols("v2.chat", "v1.chat");

        Accepted serverOrder = accept(request, builder.build());
        Accepted clientOrder = accept(request, builder.subprotocolSelection(SubprotocolSelection.CLIENT_PREFERENCE)
            .build());
        Accepted none = accept(request, builder.subprotocols("v3.chat").build());

        assertEquals(Optional.of("v2.chat"), serverOrder.subprotocol());
        assertEquals(Optional.of("v2.chat"), serverOrder.response().headers().first("Sec-WebSocket-Protocol"));
        assertEquals(Optional.of("v1.chat"), clientOrder.subprotocol());
        assertEquals(Optional.empty(), none.subprotocol());
        assertEquals(Optional.empty(), none.response().headers().first("Sec-WebSocket-Protocol"));
    }

    @Test
    void negotiatesExtensionsInTheClientsOrderAndIgnoresUnknownOnes() {
        FakeNegotiator deflate = new FakeNegotiator("permessage-deflate", 0b100);
        FakeNegotiator foo = new FakeNegotiator("x-foo", 0b010);
        ServerHandshakeConfig config = ServerHandshakeConfig.builder().extensions(deflate, foo).build();
        String request = Samples.MINIMAL_REQUEST.replace("Version: 13", "Version: 13\r\nSec-WebSocket-Extensions: "
            + "x-unknown, x-foo; refuse, permessage-deflate; refuse, x-foo; a=1, permessage-deflate; b");

        Accepted accepted = accept(request, config);

        assertEquals(Optional.of("x-foo; a=1, permessage-deflate; b"),
            accepted.response().headers().first("Sec-WebSocket-Extensions"));
        assertEquals(List.of(foo.made.get(0), deflate.made.get(0)), accepted.extensions());
    }

    @Test
    void declinesAnExtensionWhoseReservedBitsAreTakenAndClosesIt() {
        FakeNegotiator first = new FakeNegotiator("x-first", 0b100);
        FakeNegotiator second = new FakeNegotiator("x-second", 0b110);
        ServerHandshakeConfig config = ServerHandshakeConfig.builder().extensions(first, second).build();
        String request = Samples.MINIMAL_REQUEST.replace("Version: 13",
            "Version: 13\r\nSec-WebSocket-Extensions: x-first, x-second");

        Accepted accepted = accept(request, config);

        assertEquals(List.of(first.made.get(0)), accepted.extensions());
        assertTrue(second.made.get(0).closed);
        assertEquals(Optional.of("x-first"), accepted.response().headers().first("Sec-WebSocket-Extensions"));
    }

    @Test
    void addsTheApplicationsHeadersAfterTheHandshakesOwn() {
        ServerHandshakeConfig config = ServerHandshakeConfig.builder()
            .responseHeaders(request -> HttpHeaders.of("Set-Cookie", "id=" + request.target().length())).build();

        Accepted accepted = accept(Samples.MINIMAL_REQUEST, config);

        assertEquals(Samples.SAMPLE_RESPONSE.replace("\r\n\r\n", "\r\nSet-Cookie: id=1\r\n\r\n"),
            text(accepted.responseBytes()));
    }

    @Test
    void refusesApplicationHeadersThatReplaceTheHandshakesOwn() {
        ServerHandshakeConfig config = ServerHandshakeConfig.builder()
            .responseHeaders(request -> HttpHeaders.of("sec-websocket-accept", "forged")).build();
        HandshakeRequest request = parse(Samples.MINIMAL_REQUEST);

        assertThrows(IllegalArgumentException.class, () -> ServerHandshake.evaluate(request, config));
    }

    @Test
    void mutatedRequestsAreAcceptedOrRejectedNeverThrown() {
        SplittableRandom random = new SplittableRandom(4_2_1);
        byte[] original = Splits.bytes(Samples.CHROME_REQUEST);
        byte[] interesting = Splits.bytes("\r\n :\t,;=\"\u0000\u0080");
        ServerHandshakeConfig config = ServerHandshakeConfig.builder()
            .subprotocols("chat").extensions(new FakeNegotiator("permessage-deflate", 0b100)).build();
        int completed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = original.clone();
            for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
                input[random.nextInt(input.length)] = random.nextBoolean()
                    ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(128);
            }
            if (HttpHeadParser.forRequests().parse(ByteBuffer.wrap(input))
                instanceof Complete<HandshakeRequest> complete) {
                Outcome outcome = ServerHandshake.evaluate(complete.head(), config);
                assertTrue(outcome instanceof Accepted || outcome instanceof Rejected);
                completed++;
            }
        }
        assertTrue(completed > 5_000, "too few mutated requests parsed: " + completed);
    }

    @Test
    void rejectsWithOnlyStatusesOfRedirectsAndErrors() {
        assertThrows(IllegalArgumentException.class, () -> Rejected.of(200, "OK"));
        assertEquals(302, new Rejected(302, HttpHeaders.of("Location", "/login"), "").response().status());
    }

    static HandshakeRequest parse(String request) {
        if (HttpHeadParser.forRequests().parse(ByteBuffer.wrap(Splits.bytes(request)))
            instanceof Complete<HandshakeRequest> complete) {
            return complete.head();
        }
        throw new AssertionError("Not a complete head: " + request);
    }

    private static Accepted accept(String request, ServerHandshakeConfig config) {
        return assertInstanceOf(Accepted.class, ServerHandshake.evaluate(parse(request), config));
    }

    private static Rejected reject(String request, ServerHandshakeConfig config) {
        return assertInstanceOf(Rejected.class, ServerHandshake.evaluate(parse(request), config));
    }

    private static String text(ByteBuffer bytes) {
        return StandardCharsets.ISO_8859_1.decode(bytes).toString();
    }
}
