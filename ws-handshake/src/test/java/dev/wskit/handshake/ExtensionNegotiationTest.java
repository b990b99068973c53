package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.spi.ExtensionNegotiator;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtensionNegotiationTest {
    private static final List<ExtensionOffer> OFFERS = ExtensionOffer.parse("x-a, x-b");

    @Test
    void closesEarlierAgreementsWhenANegotiatorFails() {
        FakeNegotiator first = new FakeNegotiator("x-a", 0b100);
        ExtensionNegotiator failing = new Delegating(new FakeNegotiator("x-b", 0b010)) {
            @Override
            public Optional<Agreement> accept(List<ExtensionOffer> offers) {
                throw new IllegalStateException("broken");
            }
        };

        assertThrows(IllegalStateException.class,
            () -> ExtensionNegotiation.negotiate(List.of(first, failing), OFFERS));

        assertTrue(first.made.get(0).closed);
    }

    @Test
    void refusesANegotiatorAnsweringForAnotherExtension() {
        FakeNegotiator b = new FakeNegotiator("x-b", 0b010);
        ExtensionNegotiator liar = new Delegating(b) {
            @Override
            public Optional<Agreement> accept(List<ExtensionOffer> offers) {
                return b.accept(List.of(ExtensionOffer.of("x-c")));
            }
        };

        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ExtensionNegotiation.negotiate(List.of(liar), OFFERS));

        assertEquals("Negotiator x-b answered for x-c", e.getMessage());
        assertTrue(b.made.get(0).closed);
    }

    @Test
    void negotiatesNothingWithoutOffersOrNegotiators() throws HandshakeException {
        assertEquals(List.of(), ExtensionNegotiation.negotiate(List.of(new FakeNegotiator("x-a", 1)), List.of()));
        assertEquals(List.of(), ExtensionNegotiation.negotiate(List.of(), OFFERS));
        assertEquals(List.of(), ExtensionNegotiation.accepted(List.of(), List.of()));
    }

    /** Forwards to another negotiator, so a test can replace one method. */
    private static class Delegating implements ExtensionNegotiator {
        private final ExtensionNegotiator target;

        Delegating(ExtensionNegotiator target) {
            this.target = target;
        }

        @Override
        public String name() {
            return target.name();
        }

        @Override
        public Optional<Agreement> accept(List<ExtensionOffer> offers) {
            return target.accept(offers);
        }

        @Override
        public List<ExtensionOffer> offers() {
            return target.offers();
        }

        @Override
        public dev.wskit.codec.spi.Extension accepted(ExtensionOffer response) throws HandshakeException {
            return target.accepted(response);
        }
    }
}
