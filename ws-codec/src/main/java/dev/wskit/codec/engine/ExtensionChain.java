package dev.wskit.codec.engine;

import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import java.util.List;
import java.util.Objects;

/**
 * The negotiated extensions of one connection, in the order of the server's {@code Sec-WebSocket-Extensions}
 * (RFC 6455 §9.1: "the order of operations on the data should be assumed to be the same as the order in which
 * the extensions are listed in the server's response"; for "foo, bar" the data sent is bar(foo(data))). So
 * outgoing payloads pass through the encoders in that order, and incoming ones through the decoders in the
 * reverse order, each undoing what its peer's encoder did last.
 *
 * <p>Each extension claims its own reserved bits (§5.2): two claiming the same bit are refused, as the frame
 * could not tell whose it is. With no extension or one, the engine uses the extension's own encoder and decoder,
 * so those paths cost what they did before chains existed; the composed ones are built once per connection.
 * Not thread-safe: belongs to one engine.
 */
final class ExtensionChain {
    private final Extension[] extensions;
    private final int rsvBits;
    private final ExtensionEncoder encoder;
    private final ExtensionDecoder decoder;

    /**
     * Builds the chain of a connection.
     *
     * @param negotiated the agreed extensions, in the order of the server's response
     * @throws IllegalArgumentException when an extension claims a bit outside RSV1-RSV3, or two claim the same
     */
    ExtensionChain(List<? extends Extension> negotiated) {
        this.extensions = negotiated.toArray(Extension[]::new);
        int claimed = 0;
        for (int i = 0; i < extensions.length; i++) {
            Extension extension = Objects.requireNonNull(extensions[i], "extension");
            int bits = extension.rsvBits();
            if ((bits & ~FrameHeader.RSV_ALL) != 0) {
                throw new IllegalArgumentException("Extension " + extension.name() + " claims bits outside RSV1-RSV3: "
                    + Integer.toBinaryString(bits));
            }
            if ((bits & claimed) != 0) {
                throw new IllegalArgumentException(overlap(i));
            }
            claimed |= bits;
        }
        this.rsvBits = claimed;
        this.encoder = switch (extensions.length) {
            case 0 -> null;
            case 1 -> extensions[0].encoder();
            default -> new ChainedEncoder(extensions);
        };
        this.decoder = switch (extensions.length) {
            case 0 -> null;
            case 1 -> extensions[0].decoder();
            default -> new ChainedDecoder(extensions);
        };
    }

    private String overlap(int index) {
        Extension later = extensions[index];
        for (int i = 0; i < index; i++) {
            int shared = extensions[i].rsvBits() & later.rsvBits();
            if (shared != 0) {
                return "Extensions " + extensions[i].name() + " and " + later.name() + " both claim RSV bits "
                    + Integer.toBinaryString(shared) + " (RFC 6455 §5.2: each bit belongs to one extension)";
            }
        }
        throw new IllegalStateException("No overlap at " + later.name());
    }

    /** The reserved bits the extensions claim together: frames may carry these and no others. */
    int rsvBits() {
        return rsvBits;
    }

    /** The transformation of outgoing messages, or null without extensions. */
    ExtensionEncoder encoder() {
        return encoder;
    }

    /** The transformation of incoming messages, or null without extensions. */
    ExtensionDecoder decoder() {
        return decoder;
    }

    /** Closes every extension, each even when an earlier one failed to; the first failure is rethrown. */
    void close() {
        RuntimeException failure = null;
        for (Extension extension : extensions) {
            try {
                extension.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
