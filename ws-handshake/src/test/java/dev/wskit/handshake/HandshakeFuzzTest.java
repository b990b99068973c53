package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the opening handshake: the incremental HTTP/1.1 head parser (RFC 9112) for requests
 * and responses, the server's evaluation of a request (RFC 6455 §4.2.1) and the client's verification of a
 * response (§4.1), and {@code Sec-WebSocket-Extensions} parsing (§9.1). Any bytes give the same result whatever
 * their split, a rejection carries a 4xx status, and nothing throws but the documented exceptions.
 */
class HandshakeFuzzTest {
    private static final Set<Integer> HEAD_REJECTIONS = Set.of(400, 414, 431);

    @FuzzTest(maxDuration = "2m")
    void anyRequestBytesParseTheSameWhateverTheSplitAndAreEvaluatedToAnAnswer(FuzzedDataProvider data) {
        int cut = data.consumeInt(1, 512);
        byte[] input = data.consumeRemainingAsBytes();
        String whole = parseRequest(input, input.length);
        assertEquals(whole, parseRequest(input, cut), "the same result whatever the split");
    }

    @FuzzTest(maxDuration = "2m")
    void anyResponseIsVerifiedOrRefusedWithAHandshakeException(FuzzedDataProvider data) {
        int cut = data.consumeInt(1, 512);
        byte[] input = data.consumeRemainingAsBytes();
        ClientHandshake client = ClientHandshake.start(URI.create("ws://localhost/chat"),
            ClientHandshakeConfig.builder().subprotocols("chat", "v2").build());
        switch (feed(client.newResponseParser(), input, cut)) {
            case HttpHeadParser.NeedMore<HandshakeResponse> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeResponse> rejected ->
                assertTrue(HEAD_REJECTIONS.contains(rejected.status()), rejected.toString());
            case HttpHeadParser.Complete<HandshakeResponse> complete -> {
                try {
                    client.verify(complete.head());
                } catch (HandshakeException refused) {
                    assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
                }
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void anyExtensionHeaderParsesToOffersThatFormatBackOrIsRefused(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionOffer.parse(value);
        } catch (IllegalArgumentException refused) {
            return;
        }
        // what was accepted formats to a value that parses back to the same offers
        assertEquals(offers, ExtensionOffer.parse(ExtensionOffer.format(offers)), value);
    }

    /** Parses the bytes in pieces of {@code cut}; returns the outcome (and the server's answer) as text. */
    private static String parseRequest(byte[] input, int cut) {
        return switch (feed(HttpHeadParser.forRequests(), input, cut)) {
            case HttpHeadParser.NeedMore<HandshakeRequest> needMore -> "need more";
            case HttpHeadParser.Rejected<HandshakeRequest> rejected -> {
                assertTrue(HEAD_REJECTIONS.contains(rejected.status()), rejected.toString());
                yield "rejected " + rejected.status() + " " + rejected.reason();
            }
            case HttpHeadParser.Complete<HandshakeRequest> complete ->
                "complete " + complete.head() + " " + evaluate(complete.head());
        };
    }

    /** Feeds the bytes to the parser in pieces of {@code cut} until it has an answer; NeedMore if it never has. */
    private static <H extends HttpHead> HttpHeadParser.Result<H> feed(HttpHeadParser<H> parser, byte[] input,
                                                                      int cut) {
        HttpHeadParser.Result<H> result = new HttpHeadParser.NeedMore<>();
        for (int start = 0; start < input.length && result instanceof HttpHeadParser.NeedMore<H>; start += cut) {
            result = parser.parse(ByteBuffer.wrap(input, start, Math.min(cut, input.length - start)));
        }
        return result;
    }

    private static String evaluate(HandshakeRequest request) {
        return switch (ServerHandshake.evaluate(request, ServerHandshakeConfig.defaults())) {
            case ServerHandshake.Rejected rejected -> {
                assertTrue(rejected.status() >= 400 && rejected.status() < 500, "status " + rejected.status());
                yield "rejected " + rejected.status();
            }
            case ServerHandshake.Accepted accepted -> {
                // an accepted request has a key whose accept value the response carries (§4.2.2)
                String response = StandardCharsets.US_ASCII.decode(accepted.responseBytes()).toString();
                assertTrue(response.startsWith("HTTP/1.1 101 "), response);
                yield "accepted";
            }
        };
    }
}
