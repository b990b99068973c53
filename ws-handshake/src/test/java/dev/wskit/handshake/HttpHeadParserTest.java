package dev.wskit.handshake;

import static dev.wskit.handshake.Splits.completeEverySplit;
import static dev.wskit.handshake.Splits.needMoreEverySplit;
import static dev.wskit.handshake.Splits.rejectEverySplit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.HttpHeadParser.Complete;
import dev.wskit.handshake.HttpHeadParser.Rejected;
import dev.wskit.handshake.Splits.Fed;
import dev.wskit.handshake.Splits.Split;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpHeadParserTest {
    private static final Supplier<HttpHeadParser<HandshakeRequest>> REQUESTS = HttpHeadParser::forRequests;
    private static final Supplier<HttpHeadParser<HandshakeResponse>> RESPONSES = HttpHeadParser::forResponses;

    @Test
    void parsesChromeUpgradeRequest() {
        HandshakeRequest request = completeEverySplit(REQUESTS, Samples.CHROME_REQUEST, "");

        assertEquals("GET", request.method());
        assertEquals("/chat?room=1", request.target());
        assertEquals("HTTP/1.1", request.version());
        HttpHeaders headers = request.headers();
        assertEquals(12, headers.size());
        assertEquals("Host", headers.name(0));
        assertEquals("example.com:8080", headers.value(0));
        assertEquals("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36", headers.first("user-agent").orElseThrow());
        assertEquals("permessage-deflate; client_max_window_bits",
            headers.first("Sec-WebSocket-Extensions").orElseThrow());
        assertEquals(Samples.SAMPLE_KEY, headers.value(10));
    }

    @Test
    void parsesSwitchingProtocolsResponse() {
        HandshakeResponse response = completeEverySplit(RESPONSES, Samples.SAMPLE_RESPONSE, "");

        assertEquals(new HandshakeResponse("HTTP/1.1", 101, "Switching Protocols", HttpHeaders.of(
            "Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Accept", Samples.SAMPLE_ACCEPT)),
            response);
    }

    @Test
    void keepsTheBytesAfterTheHeadForTheWebSocketStream() {
        String frame = "\u0081\u0002hi\u0082\u0000"; // RFC 6455 §5.7: an unmasked text frame, then an empty binary one

        completeEverySplit(RESPONSES, Samples.SAMPLE_RESPONSE + frame, frame);
        completeEverySplit(REQUESTS, Samples.MINIMAL_REQUEST + "\r\n", "\r\n");
    }

    @Test
    void acceptsBareLfAsLineEnd() {
        String request = "GET / HTTP/1.1\nHost: h\r\nUpgrade: websocket\n\n";

        HandshakeRequest parsed = completeEverySplit(REQUESTS, request, "");

        assertEquals(HttpHeaders.of("Host", "h", "Upgrade", "websocket"), parsed.headers());
    }

    @Test
    void skipsEmptyLinesBeforeTheRequestLine() {
        HandshakeRequest parsed = completeEverySplit(REQUESTS, "\r\n\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", "");

        assertEquals("/", parsed.target());
        assertEquals(HttpHeaders.of("Host", "h"), parsed.headers());
    }

    @Test
    void trimsWhitespaceAroundValuesAndKeepsEmptyValues() {
        String request = "GET / HTTP/1.1\r\nHost:h\r\nX-A: \t a b \t\r\nX-Empty:\r\nX-Blank:  \r\n\r\n";

        HandshakeRequest parsed = completeEverySplit(REQUESTS, request, "");

        assertEquals(HttpHeaders.of("Host", "h", "X-A", "a b", "X-Empty", "", "X-Blank", ""), parsed.headers());
    }

    @Test
    void keepsRepeatedHeadersInOrderAndCombinesThem() {
        String request = "GET / HTTP/1.1\r\nConnection: keep-alive\r\nHost: h\r\nconnection: Upgrade\r\n\r\n";

        HttpHeaders headers = completeEverySplit(REQUESTS, request, "").headers();

        assertEquals(List.of("keep-alive", "Upgrade"), headers.all("CONNECTION"));
        assertEquals("keep-alive, Upgrade", headers.get("Connection").orElseThrow());
        assertTrue(headers.containsToken("Connection", "upgrade"));
    }

    @Test
    void keepsObsTextInValues() {
        HandshakeRequest parsed = completeEverySplit(REQUESTS, "GET / HTTP/1.1\r\nX-Name: Jos\u00e9\r\n\r\n", "");

        assertEquals("Jos\u00e9", parsed.headers().first("X-Name").orElseThrow());
    }

    @Test
    void needsMoreUntilTheBlankLine() {
        String head = Samples.MINIMAL_REQUEST;

        needMoreEverySplit(REQUESTS, head.substring(0, head.length() - 2));
        needMoreEverySplit(REQUESTS, head.substring(0, head.length() - 1));
        needMoreEverySplit(REQUESTS, "");
    }

    @Test
    void acceptsStatusLineWithoutReasonPhrase() {
        HandshakeResponse parsed = completeEverySplit(RESPONSES, "HTTP/1.1 101\r\nUpgrade: websocket\r\n\r\n", "");

        assertEquals(101, parsed.status());
        assertEquals("", parsed.reason());
    }

    @Test
    void unfoldsObsoleteLineFoldingInResponses() {
        String response = "HTTP/1.1 101 OK\r\nX-Folded: a\r\n  b\r\n\tc\r\nX-Empty:\r\n d\r\n\r\n";

        HandshakeResponse parsed = completeEverySplit(RESPONSES, response, "");

        assertEquals(HttpHeaders.of("X-Folded", "a b c", "X-Empty", "d"), parsed.headers());
    }

    @Test
    void rejectsObsoleteLineFoldingInRequests() {
        Rejected<HandshakeRequest> rejected =
            rejectEverySplit(REQUESTS, "GET / HTTP/1.1\r\nX-Folded: a\r\n b\r\n\r\n");

        assertEquals(400, rejected.status());
        assertEquals("Obsolete line folding in header X-Folded", rejected.reason());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
            Arguments.of("GET /\r\n\r\n", "Malformed request line: 'GET /'"),
            Arguments.of("GET  / HTTP/1.1\r\n\r\n", "Empty request-target"),
            Arguments.of("GET / HTTP/1.1 \r\n\r\n", "Malformed HTTP version: 'HTTP/1.1 '"),
            Arguments.of("GET / HTTPS/1.1\r\n\r\n", "Malformed HTTP version: 'HTTPS/1.1'"),
            Arguments.of("GET / HTTP/11\r\n\r\n", "Malformed HTTP version: 'HTTP/11'"),
            Arguments.of("G(T / HTTP/1.1\r\n\r\n", "Method is not a token (RFC 9110 §5.6.2): 'G(T'"),
            Arguments.of("GET /\u00e9 HTTP/1.1\r\n\r\n", "Invalid character in request-target: '/\u00e9'"),
            Arguments.of("GET / HTTP/1.1\r\nHost : h\r\n\r\n", "Whitespace between header name and colon: 'Host '"),
            Arguments.of("GET / HTTP/1.1\r\nH\u00e9: h\r\n\r\n", "Invalid character 0xE9 in header name 'H\u00e9'"),
            Arguments.of("GET / HTTP/1.1\r\nHost h\r\n\r\n", "Header line without a colon: 'Host h'"),
            Arguments.of("GET / HTTP/1.1\r\n: h\r\n\r\n", "Empty header name"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n", "Invalid character 0x00 in value of header X"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\u0001b\r\n\r\n", "Invalid character 0x01 in value of header X"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n", "Invalid character 0x7F in value of header X"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", "Invalid character 0x0D in value of header X"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\r\r\n\r\n", "Invalid character 0x0D in value of header X"),
            Arguments.of("GET / HTTP/1.1\r\n\rX: a\r\n\r\n", "Invalid character 0x0D in header name '\\x0DX'"),
            Arguments.of("GET / HTTP/1.1\r\nX: a\r\n\r\r\n\r\n", "Header line without a colon: '\\x0D'"),
            Arguments.of("GET /\r HTTP/1.1\r\n\r\n", "Invalid character in request-target: '/\\x0D'"),
            Arguments.of("GET / HTTP/1.1\r\n Host: h\r\n\r\n", "Whitespace before the first header field"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void rejectsMalformedRequestWith400(String request, String reason) {
        Rejected<HandshakeRequest> rejected = rejectEverySplit(REQUESTS, request);

        assertEquals(new Rejected<HandshakeRequest>(400, reason), rejected);
    }

    static Stream<Arguments> badResponses() {
        return Stream.of(
            Arguments.of("HTTP/1.1\r\n\r\n", "Malformed status line: 'HTTP/1.1'"),
            Arguments.of("HTTP/1.1 10 OK\r\n\r\n", "Malformed status line: 'HTTP/1.1 10 OK'"),
            Arguments.of("HTTP/1.1 1010 OK\r\n\r\n", "Malformed status line: 'HTTP/1.1 1010 OK'"),
            Arguments.of("HTTP/1.1 1x1 OK\r\n\r\n", "Malformed status line: 'HTTP/1.1 1x1 OK'"),
            Arguments.of("HTTP/1.1 099 OK\r\n\r\n", "Status code out of range 100-599: 99"),
            Arguments.of("HTTP/1.1 101 A\u0001\r\n\r\n", "Invalid character in reason phrase: 'A\\x01'"),
            Arguments.of("HTTP/x 101 OK\r\n\r\n", "Malformed HTTP version: 'HTTP/x'"),
            Arguments.of("HTTP/1.1 101 OK\r\n folded: x\r\n\r\n", "Whitespace before the first header field"));
    }

    @ParameterizedTest
    @MethodSource("badResponses")
    void rejectsMalformedResponse(String response, String reason) {
        assertEquals(new Rejected<HandshakeResponse>(400, reason), rejectEverySplit(RESPONSES, response));
    }

    @Test
    void rejectsRequestLineLongerThanTheLimitWith414() {
        String request = "GET /" + "a".repeat(8192) + " HTTP/1.1\r\n\r\n";

        assertEquals(new Rejected<HandshakeRequest>(414, "Request line longer than 8192 bytes"),
            rejectEverySplit(REQUESTS, request));
    }

    @Test
    void rejectsHeadLongerThanTheLimitWith431() {
        String start = "GET / HTTP/1.1\r\nX: ";
        String exact = start + "a".repeat(8192 - start.length() - 4) + "\r\n\r\n";

        assertEquals(8192, exact.length());
        completeEverySplit(REQUESTS, exact, "");
        assertEquals(new Rejected<HandshakeRequest>(431, "Head longer than 8192 bytes"),
            rejectEverySplit(REQUESTS, exact.replace("X: ", "X: a")));
        assertEquals(431, rejectEverySplit(RESPONSES, "HTTP/1.1 101 " + "a".repeat(8192) + "\r\n\r\n").status());
    }

    @Test
    void rejectsMoreHeaderLinesThanTheLimitWith431() {
        String hundred = "GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(100);

        assertEquals(100, completeEverySplit(REQUESTS, hundred + "\r\n", "").headers().size());
        assertEquals(new Rejected<HandshakeRequest>(431, "More than 100 header fields"),
            rejectEverySplit(REQUESTS, hundred + "X: y\r\n\r\n"));
    }

    @Test
    void appliesConfiguredLimits() {
        HeadLimits limits = new HeadLimits(64, 8);
        Supplier<HttpHeadParser<HandshakeRequest>> small = () -> HttpHeadParser.forRequests(limits);

        assertEquals(431, rejectEverySplit(small, "GET / HTTP/1.1\r\n" + "X:y\r\n".repeat(9) + "\r\n").status());
        assertEquals(414, rejectEverySplit(small, "GET /" + "a".repeat(60) + " HTTP/1.1\r\n\r\n").status());
        completeEverySplit(small, "GET / HTTP/1.1\r\n" + "X:y\r\n".repeat(8) + "\r\n", "");
    }

    @Test
    void rejectsAnEndlessHeadAtTheLimitWithoutReadingOn() {
        HttpHeadParser<HandshakeRequest> parser = HttpHeadParser.forRequests();
        ByteBuffer endless = ByteBuffer.allocate(1 << 20);

        assertEquals(new Rejected<HandshakeRequest>(414, "Request line longer than 8192 bytes"), parser.parse(endless));
        assertEquals(endless.limit(), endless.position());
    }

    @Test
    void refusesInputAfterTheHead() {
        HttpHeadParser<HandshakeRequest> parser = HttpHeadParser.forRequests();
        assertInstanceOf(Complete.class, parser.parse(ByteBuffer.wrap(Splits.bytes(Samples.MINIMAL_REQUEST))));

        assertThrows(IllegalStateException.class, () -> parser.parse(ByteBuffer.allocate(1)));
    }

    @Test
    void refusesInputAfterARejection() {
        HttpHeadParser<HandshakeRequest> parser = HttpHeadParser.forRequests();
        assertInstanceOf(Rejected.class, parser.parse(ByteBuffer.wrap(Splits.bytes("GET\r\n\r\n"))));

        assertThrows(IllegalStateException.class, () -> parser.parse(ByteBuffer.allocate(1)));
    }

    @Test
    void randomBytesGiveTheSameResultWhateverTheSplit() {
        SplittableRandom random = new SplittableRandom(6455);
        byte[] alphabet = Splits.bytes("\r\n\r\n :\tGET/HTP1.x\u0000\u0080\u00ff");
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(120)];
            for (int j = 0; j < input.length; j++) {
                input[j] = random.nextInt(8) == 0
                    ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            assertSameResultForRandomSplits(input, random);
        }
    }

    @Test
    void mutatedBrowserRequestsGiveTheSameResultWhateverTheSplit() {
        SplittableRandom random = new SplittableRandom(1_3_6455);
        byte[] original = Splits.bytes(Samples.CHROME_REQUEST + "tail");
        byte[] interesting = Splits.bytes("\r\n :\t\u0000\u007f\u0080,;=\"");
        for (int i = 0; i < 20_000; i++) {
            byte[] input = original.clone();
            for (int mutations = 1 + random.nextInt(4); mutations > 0; mutations--) {
                input[random.nextInt(input.length)] = random.nextBoolean()
                    ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(256);
            }
            assertSameResultForRandomSplits(input, random);
        }
    }

    private static void assertSameResultForRandomSplits(byte[] input, SplittableRandom random) {
        Fed<HandshakeRequest> whole = Splits.feed(HttpHeadParser.forRequests(),
            new Split("whole", List.of(ByteBuffer.wrap(input))));
        for (int k = 0; k < 3; k++) {
            List<ByteBuffer> pieces = new ArrayList<>();
            int from = 0;
            while (from < input.length) {
                int to = Math.min(input.length, from + 1 + random.nextInt(40));
                pieces.add(random.nextBoolean() ? ByteBuffer.wrap(input, from, to - from).slice()
                    : ByteBuffer.allocateDirect(to - from).put(input, from, to - from).flip());
                from = to;
            }
            Fed<HandshakeRequest> split = Splits.feed(HttpHeadParser.forRequests(), new Split("random", pieces));
            assertEquals(whole.result().getClass(), split.result().getClass());
            if (whole.result() instanceof Complete<HandshakeRequest> complete) {
                assertEquals(complete.head(), ((Complete<HandshakeRequest>) split.result()).head());
                assertEquals(whole.rest(), split.rest());
            } else {
                assertEquals(whole.result(), split.result());
            }
        }
    }
}
