package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import java.util.List;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of permessage-deflate's parameter negotiation (RFC 7692 §7.1) on the server side: any
 * {@code Sec-WebSocket-Extensions} value, under any of a few server settings, is either refused by the header
 * grammar, or every offer in it is declined for an unknown, repeated or invalid parameter, or the first valid offer
 * is answered with parameters that a client which made that offer accepts, and the answer formats and parses back
 * to itself.
 */
class NegotiationFuzzTest {
    private static final List<DeflateConfig> SETTINGS = List.of(
        DeflateConfig.defaults(),
        DeflateConfig.lowMemory(),
        DeflateConfig.builder().ownContextTakeover(false).peerContextTakeover(false).build(),
        DeflateConfig.builder().ownMaxWindowBits(9).peerMaxWindowBits(8).build());

    @FuzzTest(maxDuration = "2m")
    void anyOfferIsDeclinedOrAnsweredWithParametersTheOfferAllows(FuzzedDataProvider data) throws Exception {
        DeflateConfig settings = SETTINGS.get(data.consumeInt(0, SETTINGS.size() - 1));
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionOffer.parse(data.consumeRemainingAsString());
        } catch (IllegalArgumentException refusedByTheGrammar) {
            return;
        }
        List<ExtensionOffer> deflateOffers = offers.stream()
            .filter(offer -> offer.name().equals(DeflateParameters.EXTENSION_NAME)).toList();
        try (PerMessageDeflate server = new PerMessageDeflate(settings)) {
            Optional<Agreement> agreement = server.accept(deflateOffers);
            ExtensionOffer accepted = firstValid(deflateOffers);
            if (agreement.isEmpty()) {
                assertEquals(null, accepted, "declined although " + accepted + " is valid");
                return;
            }
            agreement.get().extension().close();
            ExtensionOffer response = agreement.get().response();
            assertEquals(List.of(response), ExtensionOffer.parse(ExtensionOffer.format(List.of(response))));
            // RFC 7692 §7.1: the client that made the offer MUST be able to accept the answer
            Negotiation.check(response, List.of(DeflateParameters.parse(accepted)));
        }
    }

    /** The first offer whose parameters are valid, which the server must answer; null when there is none. */
    private static ExtensionOffer firstValid(List<ExtensionOffer> offers) {
        for (ExtensionOffer offer : offers) {
            try {
                DeflateParameters.parse(offer);
                return offer;
            } catch (IllegalArgumentException invalid) {
                // RFC 7692 §7.1: declined; the next offer is tried
            }
        }
        return null;
    }

    /** Any answer a server could send is taken or refused with a {@link HandshakeException}, never anything else. */
    @FuzzTest(maxDuration = "2m")
    void anyServerAnswerIsAcceptedOrRefusedWithAHandshakeException(FuzzedDataProvider data) {
        DeflateConfig settings = SETTINGS.get(data.consumeInt(0, SETTINGS.size() - 1));
        List<ExtensionOffer> answers;
        try {
            answers = ExtensionOffer.parse(data.consumeRemainingAsString());
        } catch (IllegalArgumentException refusedByTheGrammar) {
            return;
        }
        try (PerMessageDeflate client = new PerMessageDeflate(settings)) {
            for (ExtensionOffer answer : answers) {
                try {
                    client.accepted(answer).close();
                } catch (HandshakeException refused) {
                    // RFC 7692 §7.1: the client fails the connection on an answer it did not offer, after the 101
                    assertEquals(101, refused.status(), refused.getMessage());
                }
            }
        }
    }
}
