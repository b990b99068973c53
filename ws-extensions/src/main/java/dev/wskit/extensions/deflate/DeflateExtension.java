package dev.wskit.extensions.deflate;

import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import java.util.Objects;

/**
 * permessage-deflate running on one connection (RFC 7692 §6, §7.2): RSV1 marks compressed messages, outgoing
 * messages are compressed with the agreed parameters of this side, incoming ones decompressed with the
 * peer's. Made by {@link PerMessageDeflate} once the handshake agreed on parameters.
 *
 * <p>{@link #close()} gives the zlib streams back to the pools of the {@code PerMessageDeflate} (which end
 * those they do not keep), so no native memory outlives the connection. Not thread-safe: the connection's
 * threads use it in turn, as {@link Extension} requires.
 */
public final class DeflateExtension implements Extension {
    private final DeflateParameters parameters;
    private final Role role;
    private final MessageDeflater encoder;
    private final MessageInflater decoder;

    DeflateExtension(DeflateParameters parameters, Role role, DeflateConfig config, ZlibPools pools) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.role = Objects.requireNonNull(role, "role");
        Role peer = role == Role.SERVER ? Role.CLIENT : Role.SERVER;
        boolean keepOwnContext = config.ownContextTakeover() && !parameters.noContextTakeover(role);
        this.encoder = new MessageDeflater(pools, config.threshold(), keepOwnContext, parameters.windowBits(role));
        this.decoder = new MessageInflater(pools, !parameters.noContextTakeover(peer));
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
     * Returns the reserved bit permessage-deflate claims (RFC 7692 §6).
     *
     * @return {@link FrameHeader#RSV1}, the "Per-Message Compressed" bit
     */
    @Override
    public int rsvBits() {
        return FrameHeader.RSV1;
    }

    /**
     * Returns the decompressor of incoming messages (RFC 7692 §7.2.2).
     *
     * @return the decoder, the same instance on every call
     */
    @Override
    public ExtensionDecoder decoder() {
        return decoder;
    }

    /**
     * Returns the compressor of outgoing messages (RFC 7692 §7.2.1).
     *
     * @return the encoder, the same instance on every call
     */
    @Override
    public ExtensionEncoder encoder() {
        return encoder;
    }

    /**
     * Returns the parameters the handshake agreed on (RFC 7692 §7.1).
     *
     * @return the agreed parameters, as in the server's response
     */
    public DeflateParameters parameters() {
        return parameters;
    }

    /**
     * Returns the side this extension runs on, which decides which parameters apply to its compressor.
     *
     * @return CLIENT or SERVER
     */
    public Role role() {
        return role;
    }

    /** Gives the zlib streams back to the pools; further use throws {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() {
        encoder.close();
        decoder.close();
    }

    @Override
    public String toString() {
        return "DeflateExtension[" + role + ", " + parameters + "]";
    }
}
