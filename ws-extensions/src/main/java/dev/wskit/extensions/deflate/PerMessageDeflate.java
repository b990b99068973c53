package dev.wskit.extensions.deflate;

import dev.wskit.codec.Role;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The permessage-deflate extension (RFC 7692) as the handshake sees it: a server answers the client's offers
 * (§5, §7.1), a client makes offers and checks the answer, and either way the result is a
 * {@link DeflateExtension} for the connection. Shared by every connection of a server or client, it owns the
 * pools from which those connections borrow zlib streams.
 *
 * <p><b>Server.</b> Reads the offers in the client's order and accepts the first valid one; an offer with an
 * unknown or repeated parameter or an invalid value is declined (§7.1), and when none is valid the response
 * names no permessage-deflate. Every valid offer can be honoured, window limits included (see
 * {@link MessageDeflater} for how a compressor keeps to a window below 15), so nothing is accepted and then
 * ignored. The response carries the server's own settings from {@link DeflateConfig}.
 *
 * <p><b>Client.</b> Offers {@link DeflateConfig#effectiveClientOffers()}, by default what a browser offers.
 * An answer fails the handshake ({@link HandshakeException} with status 101, then 1010) when it is invalid
 * (§7.1) or answers none of the offers: a {@code client_max_window_bits} that was not offered, a missing
 * {@code server_no_context_takeover} or {@code server_max_window_bits} that an offer asked for, or a
 * {@code server_max_window_bits} larger than asked. Any {@code client_max_window_bits} from 8 to 15 is
 * honoured; one larger than offered (which §7.1.2.2 does not allow, but Netty sends) by keeping to the
 * offered one.
 *
 * <p>Thread-safe. {@link #close()} ends the zlib streams idle in the pools; connections still running keep
 * working, and their streams are ended when they close.
 */
public final class PerMessageDeflate implements ExtensionNegotiator, AutoCloseable {
    private final DeflateConfig config;
    private final ZlibPools pools;

    /**
     * Creates the extension with a configuration.
     *
     * @param config the settings for negotiation, compression and pooling
     */
    public PerMessageDeflate(DeflateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.pools = new ZlibPools(config.level(), config.deflaterPoolSize(), config.inflaterPoolSize());
    }

    /**
     * Creates the extension with {@link DeflateConfig#defaults()}.
     *
     * @return a new extension negotiator
     */
    public static PerMessageDeflate withDefaults() {
        return new PerMessageDeflate(DeflateConfig.defaults());
    }

    /**
     * Returns the configuration.
     *
     * @return the settings given at construction
     */
    public DeflateConfig config() {
        return config;
    }

    /**
     * Returns the extension's registered token.
     *
     * @return {@code permessage-deflate} (RFC 7692 §7)
     */
    @Override
    public String name() {
        return DeflateParameters.EXTENSION_NAME;
    }

    /**
     * Server side: accepts the first valid offer (RFC 7692 §7.1) and answers with the agreed parameters.
     *
     * @param offers the client's permessage-deflate offers in the client's order
     * @return the response and the connection's extension, or empty when every offer is invalid
     */
    @Override
    public Optional<Agreement> accept(List<ExtensionOffer> offers) {
        for (ExtensionOffer offer : offers) {
            DeflateParameters offered;
            try {
                offered = DeflateParameters.parse(offer);
            } catch (IllegalArgumentException e) {
                // RFC 7692 §7.1: a server MUST decline an offer with an unknown, repeated or invalid parameter
                continue;
            }
            DeflateParameters agreed = Negotiation.answer(offered, config);
            return Optional.of(new Agreement(agreed.toOffer(), extension(agreed, Role.SERVER)));
        }
        return Optional.empty();
    }

    /**
     * Client side: returns the offers of {@link DeflateConfig#effectiveClientOffers()}.
     *
     * @return the offers in order of preference
     */
    @Override
    public List<ExtensionOffer> offers() {
        return config.effectiveClientOffers().stream().map(DeflateParameters::toOffer).toList();
    }

    /**
     * Client side: checks the server's answer against the offers (RFC 7692 §7.1) and makes the extension.
     *
     * @param response the server's permessage-deflate element
     * @return the connection's extension, a {@link DeflateExtension}
     * @throws HandshakeException with status 101 when the answer is invalid or answers none of the offers
     */
    @Override
    public DeflateExtension accepted(ExtensionOffer response) throws HandshakeException {
        DeflateParameters agreed = Negotiation.check(response, config.effectiveClientOffers());
        return extension(agreed, Role.CLIENT);
    }

    /**
     * Makes the extension for parameters agreed on by other means (a custom handshake, a test, a benchmark).
     *
     * @param agreed the agreed parameters
     * @param role the side the extension runs on
     * @return a new extension, which the caller closes
     */
    public DeflateExtension extension(DeflateParameters agreed, Role role) {
        return new DeflateExtension(agreed, role, config, pools);
    }

    /** Ends the zlib streams idle in the pools; streams released later are ended at once. Idempotent. */
    @Override
    public void close() {
        pools.close();
    }

    ZlibPools pools() {
        return pools;
    }

    @Override
    public String toString() {
        return "PerMessageDeflate[" + config + "]";
    }
}
