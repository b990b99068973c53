package dev.wskit.handshake;

import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A negotiator for tests: a server accepts the first offer without a {@code refuse} parameter and answers
 * it unchanged; a client offers what it was given and fails on an answer with an {@code invalid} parameter.
 * It records the extensions it makes, so tests can check they were closed.
 */
final class FakeNegotiator implements ExtensionNegotiator {
    private final String name;
    private final int rsvBits;
    private final List<ExtensionOffer> offers;
    final List<FakeExtension> made = new ArrayList<>();

    FakeNegotiator(String name, int rsvBits, ExtensionOffer... offers) {
        this.name = name;
        this.rsvBits = rsvBits;
        this.offers = List.of(offers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<Agreement> accept(List<ExtensionOffer> offered) {
        return offered.stream()
            .filter(offer -> offer.parameter("refuse").isEmpty())
            .findFirst()
            .map(offer -> new Agreement(offer, make(offer)));
    }

    @Override
    public List<ExtensionOffer> offers() {
        return offers;
    }

    @Override
    public Extension accepted(ExtensionOffer response) throws HandshakeException {
        if (response.parameter("invalid").isPresent()) {
            throw new HandshakeException(101, "Expected valid " + name + " parameters but was " + response);
        }
        return make(response);
    }

    private FakeExtension make(ExtensionOffer agreed) {
        FakeExtension extension = new FakeExtension(name, rsvBits, agreed);
        made.add(extension);
        return extension;
    }

    /** An extension that only remembers how it was agreed and whether it was closed. */
    static final class FakeExtension implements Extension {
        private final String name;
        private final int rsvBits;
        final ExtensionOffer agreed;
        boolean closed;

        FakeExtension(String name, int rsvBits, ExtensionOffer agreed) {
            this.name = name;
            this.rsvBits = rsvBits;
            this.agreed = agreed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int rsvBits() {
            return rsvBits;
        }

        @Override
        public ExtensionDecoder decoder() {
            throw new UnsupportedOperationException("The handshake never processes frames");
        }

        @Override
        public ExtensionEncoder encoder() {
            throw new UnsupportedOperationException("The handshake never processes frames");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
