package dev.wskit.handshake.spi;

import dev.wskit.codec.spi.Extension;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one extension takes part in the opening handshake (RFC 6455 §9.1): on a server it answers the
 * client's offers, on a client it makes offers and checks the server's answer. Either way the result is
 * the codec's {@link Extension}, configured for one connection.
 *
 * <p>A negotiator is configuration shared by connections: implementations must be thread-safe, and every
 * call that returns an {@link Extension} returns a new instance, which the caller closes.
 */
public interface ExtensionNegotiator {
    /**
     * Returns the extension's registered token.
     *
     * @return the name, such as {@code permessage-deflate}
     */
    String name();

    /**
     * Server side: answers the client's offers of this extension (§9.1), accepting the first it can honour.
     *
     * @param offers the client's offers with this extension's name, in the client's order of preference
     * @return the answer and the extension to run, or empty to decline every offer
     */
    Optional<Agreement> accept(List<ExtensionOffer> offers);

    /**
     * Client side: returns the offers to send for this extension.
     *
     * @return the offers, named {@link #name()}, in order of preference; empty to offer nothing
     */
    List<ExtensionOffer> offers();

    /**
     * Client side: checks the server's answer to this extension's offers and configures the extension.
     *
     * @param response the element of the server's {@code Sec-WebSocket-Extensions} with this name
     * @return the extension to run, a new instance
     * @throws HandshakeException with status 101 when the answer is not one the offers allowed (§9.1: the
     *     client MUST then fail the connection)
     */
    Extension accepted(ExtensionOffer response) throws HandshakeException;

    /**
     * A server's agreement to one of the client's offers.
     *
     * @param response the element the server puts in its {@code Sec-WebSocket-Extensions}
     * @param extension the extension the server runs, configured to match the response
     */
    record Agreement(ExtensionOffer response, Extension extension) {
        /** Checks the parts. */
        public Agreement {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(extension, "extension");
        }
    }
}
