package dev.wskit.handshake;

import dev.wskit.codec.spi.Extension;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the negotiators of RFC 6455 §9.1 over a handshake's {@code Sec-WebSocket-Extensions}: on a server
 * against the client's offers, on a client against the server's answer. Extensions made along the way are
 * closed when a later step fails, so none leaks. Stateless and thread-safe.
 */
final class ExtensionNegotiation {
    private ExtensionNegotiation() {
    }

    /**
     * Server side: lets each negotiator answer the client's offers of its extension, taking the extensions in
     * the order the client first named them. Extensions without a negotiator are ignored (§9.1); an
     * agreement whose reserved bits clash with an earlier one is declined, since two extensions cannot share
     * an RSV bit (§5.2).
     *
     * @param negotiators the server's negotiators
     * @param offers the client's offers
     * @return the agreements in the order of the response header
     * @throws IllegalStateException when a negotiator answers for another extension
     */
    static List<Agreement> negotiate(List<ExtensionNegotiator> negotiators, List<ExtensionOffer> offers) {
        if (negotiators.isEmpty() || offers.isEmpty()) {
            return List.of();
        }
        List<Agreement> agreements = new ArrayList<>(negotiators.size());
        try {
            int rsvInUse = 0;
            for (int i = 0; i < offers.size(); i++) {
                ExtensionNegotiator negotiator = named(negotiators, offers.get(i).name());
                if (negotiator == null || isNamedEarlier(offers, i)) {
                    continue;
                }
                Optional<Agreement> agreement = negotiator.accept(offersNamed(offers, negotiator.name()));
                if (agreement.isPresent() && isUsable(negotiator, agreement.get(), rsvInUse)) {
                    agreements.add(agreement.get());
                    rsvInUse |= agreement.get().extension().rsvBits();
                }
            }
        } catch (RuntimeException e) {
            closeAll(agreements.stream().map(Agreement::extension).toList(), e);
            throw e;
        }
        return List.copyOf(agreements);
    }

    /**
     * Client side: checks the server's answer against the offers (§4.1 item 5, §9.1) and has each
     * negotiator configure its extension.
     *
     * @param offered the negotiators whose extensions the client offered
     * @param responses the server's {@code Sec-WebSocket-Extensions} elements in order
     * @return the extensions, in the order of the response
     * @throws HandshakeException with status 101 when the server answered an extension that was not offered,
     *     answered one twice, made two clash, or answered with invalid parameters
     */
    static List<Extension> accepted(List<ExtensionNegotiator> offered, List<ExtensionOffer> responses)
        throws HandshakeException {
        List<Extension> extensions = new ArrayList<>(responses.size());
        try {
            int rsvInUse = 0;
            for (int i = 0; i < responses.size(); i++) {
                Extension extension = acceptOne(offered, responses, i);
                extensions.add(extension);
                if ((extension.rsvBits() & rsvInUse) != 0) {
                    throw new HandshakeException(101, "Expected extensions with distinct RSV bits but "
                        + extension.name() + " reuses " + Integer.toBinaryString(extension.rsvBits()));
                }
                rsvInUse |= extension.rsvBits();
            }
        } catch (HandshakeException | RuntimeException e) {
            closeAll(extensions, e);
            throw e;
        }
        return List.copyOf(extensions);
    }

    private static Extension acceptOne(List<ExtensionNegotiator> offered, List<ExtensionOffer> responses, int index)
        throws HandshakeException {
        ExtensionOffer response = responses.get(index);
        ExtensionNegotiator negotiator = named(offered, response.name());
        // RFC 6455 §4.1 item 5: an extension the client did not request MUST fail the connection
        if (negotiator == null) {
            throw new HandshakeException(101, "Expected extensions among " + offered.stream()
                .map(ExtensionNegotiator::name).toList() + " but the server accepted " + response.name());
        }
        if (isNamedEarlier(responses, index)) {
            throw new HandshakeException(101, "Expected " + response.name() + " at most once but the server "
                + "accepted it twice: " + ExtensionOffer.format(responses));
        }
        return negotiator.accepted(response);
    }

    private static boolean isUsable(ExtensionNegotiator negotiator, Agreement agreement, int rsvInUse) {
        if (!agreement.response().isNamed(negotiator.name())) {
            agreement.extension().close();
            throw new IllegalStateException("Negotiator " + negotiator.name() + " answered for "
                + agreement.response().name());
        }
        if ((agreement.extension().rsvBits() & rsvInUse) != 0) {
            agreement.extension().close();
            return false;
        }
        return true;
    }

    private static ExtensionNegotiator named(List<ExtensionNegotiator> negotiators, String name) {
        for (ExtensionNegotiator negotiator : negotiators) {
            if (negotiator.name().equalsIgnoreCase(name)) {
                return negotiator;
            }
        }
        return null;
    }

    private static boolean isNamedEarlier(List<ExtensionOffer> offers, int index) {
        for (int i = 0; i < index; i++) {
            if (offers.get(i).isNamed(offers.get(index).name())) {
                return true;
            }
        }
        return false;
    }

    private static List<ExtensionOffer> offersNamed(List<ExtensionOffer> offers, String name) {
        return offers.stream().filter(offer -> offer.isNamed(name)).toList();
    }

    private static void closeAll(List<Extension> extensions, Exception failure) {
        for (Extension extension : extensions) {
            try {
                extension.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
