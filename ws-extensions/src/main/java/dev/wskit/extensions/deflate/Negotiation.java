package dev.wskit.extensions.deflate;

import static dev.wskit.extensions.deflate.DeflateParameters.ABSENT;
import static dev.wskit.extensions.deflate.DeflateParameters.MAX_WINDOW_BITS;
import static dev.wskit.extensions.deflate.DeflateParameters.NO_VALUE;

import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import java.util.List;

/**
 * The rules of RFC 7692 §7.1 that tie a response to an offer: how a server answers one, and how a client
 * checks an answer against what it offered. Stateless and thread-safe.
 */
final class Negotiation {
    private static final int SWITCHING_PROTOCOLS = 101;

    private Negotiation() {
    }

    /**
     * Server side: the parameters with which a server accepts a valid offer.
     *
     * @param offered the client's offer
     * @param config the server's settings, "own" being the server's compressor
     * @return the agreed parameters, to send back as the response
     */
    static DeflateParameters answer(DeflateParameters offered, DeflateConfig config) {
        // RFC 7692 §7.1.1.1: a server accepting server_no_context_takeover MUST include it in the response
        boolean serverReset = offered.serverNoContextTakeover() || !config.ownContextTakeover();
        boolean clientReset = offered.clientNoContextTakeover() || !config.peerContextTakeover();
        // RFC 7692 §7.1.2.1: the response MUST carry server_max_window_bits no larger than offered
        int serverBits = offered.serverMaxWindowBits() == ABSENT
            ? limit(config.ownMaxWindowBits()) : Math.min(offered.serverMaxWindowBits(), config.ownMaxWindowBits());
        int clientBits = switch (offered.clientMaxWindowBits()) {
            // RFC 7692 §7.1.2.2: a server MUST NOT include client_max_window_bits that was not offered
            case ABSENT -> ABSENT;
            case NO_VALUE -> limit(config.peerMaxWindowBits());
            default -> Math.min(offered.clientMaxWindowBits(), config.peerMaxWindowBits());
        };
        return new DeflateParameters(serverReset, clientReset, serverBits, clientBits);
    }

    /**
     * Client side: checks a server's answer and returns the parameters the connection runs with.
     *
     * @param response the server's permessage-deflate element
     * @param offers what the client offered
     * @return the answer, keeping the client's window within what the answered offer named
     * @throws HandshakeException with status 101 when the answer is invalid or answers none of the offers
     */
    static DeflateParameters check(ExtensionOffer response, List<DeflateParameters> offers)
        throws HandshakeException {
        DeflateParameters answer = parse(response);
        String mismatch = "";
        for (DeflateParameters offer : offers) {
            String reason = mismatch(offer, answer);
            if (reason == null) {
                return agreed(offer, answer);
            }
            mismatch = mismatch.isEmpty() ? reason : mismatch;
        }
        // RFC 7692 §7.1: a client MUST fail the connection on a response it does not support
        throw new HandshakeException(SWITCHING_PROTOCOLS, "Expected an answer to the offer "
            + (offers.size() == 1 ? offers.get(0) : offers) + " but was " + response.format() + ": " + mismatch);
    }

    private static DeflateParameters parse(ExtensionOffer response) throws HandshakeException {
        DeflateParameters answer;
        try {
            answer = DeflateParameters.parse(response);
        } catch (IllegalArgumentException e) {
            // RFC 7692 §7.1: a client MUST fail the connection on an unknown, repeated or invalid parameter
            throw new HandshakeException(SWITCHING_PROTOCOLS, e.getMessage());
        }
        if (answer.clientMaxWindowBits() == NO_VALUE) {
            // RFC 7692 §7.1.2.2: in a response, client_max_window_bits MUST have a value
            throw new HandshakeException(SWITCHING_PROTOCOLS,
                "Expected client_max_window_bits from 8 to 15 but was client_max_window_bits without a value");
        }
        return answer;
    }

    /** Returns why an answer does not answer an offer, or null when it does. */
    private static String mismatch(DeflateParameters offer, DeflateParameters answer) {
        if (offer.serverNoContextTakeover() && !answer.serverNoContextTakeover()) {
            return "server_no_context_takeover was offered and is missing";
        }
        if (offer.serverMaxWindowBits() != ABSENT && (answer.serverMaxWindowBits() == ABSENT
            || answer.serverMaxWindowBits() > offer.serverMaxWindowBits())) {
            return "expected server_max_window_bits of at most " + offer.serverMaxWindowBits();
        }
        if (answer.clientMaxWindowBits() != ABSENT && offer.clientMaxWindowBits() == ABSENT) {
            return "client_max_window_bits was not offered";
        }
        return null;
    }

    /**
     * The answer, with the client's window the smaller of what it offered and what the server answered.
     * RFC 7692 §7.1.2.2 has the server answer no more than the offer; a server that answers more (Netty
     * answers its preferred size whatever the offer) is still honoured, since keeping to the smaller window
     * keeps to both.
     */
    private static DeflateParameters agreed(DeflateParameters offer, DeflateParameters answer) {
        int offered = offer.clientMaxWindowBits();
        int answered = answer.clientMaxWindowBits();
        if (offered == NO_VALUE || offered == ABSENT || (answered != ABSENT && answered <= offered)) {
            return answer;
        }
        return answer.withClientMaxWindowBits(offered);
    }

    private static int limit(int bits) {
        return bits < MAX_WINDOW_BITS ? bits : ABSENT;
    }
}
