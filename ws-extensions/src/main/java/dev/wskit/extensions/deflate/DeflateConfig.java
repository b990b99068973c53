package dev.wskit.extensions.deflate;

import java.util.List;

/**
 * How {@link PerMessageDeflate} negotiates and compresses (RFC 7692 §7), and so how much memory it costs per
 * connection. "Own" is this endpoint's compressor, "peer" the other endpoint's; the role decides which of
 * the {@code server_*} and {@code client_*} parameters each maps to.
 *
 * <p>Memory per connection (measured figures are in the module's README): a compressor that keeps its
 * context holds a zlib deflate stream, about 210 KiB of native memory, for the connection's life; a peer
 * that keeps its context makes this side hold an inflate stream, about 40 KiB. Without context takeover the
 * streams are borrowed from bounded pools for one message at a time. Immutable and thread-safe.
 *
 * @param level the zlib compression level, 0 (stored) to 9 (smallest)
 * @param threshold outgoing messages of known size below this many bytes are sent uncompressed (§6)
 * @param ownContextTakeover whether this side's compressor keeps its window between messages (§7.1.1);
 *     when false this side asks for, or grants, its {@code *_no_context_takeover}
 * @param peerContextTakeover whether the peer may keep its window (§7.1.1); when false this side asks for,
 *     or imposes, the peer's {@code *_no_context_takeover}, and declines or fails a refusal
 * @param ownMaxWindowBits the window this side's compressor announces, 8 to 15 (§7.1.2); 15 announces nothing
 * @param peerMaxWindowBits the window this side asks the peer to stay within, 8 to 15 (§7.1.2); 15 asks
 *     nothing. It spares the peer's memory, not this side's: {@link java.util.zip.Inflater} always
 *     allocates 32 KiB
 * @param clientOffers what a client offers, in order of preference (§5.1); empty to derive one offer from
 *     the settings above
 * @param deflaterPoolSize the most idle compressors kept for reuse
 * @param inflaterPoolSize the most idle decompressors kept for reuse
 */
public record DeflateConfig(int level, long threshold, boolean ownContextTakeover, boolean peerContextTakeover,
                            int ownMaxWindowBits, int peerMaxWindowBits, List<DeflateParameters> clientOffers,
                            int deflaterPoolSize, int inflaterPoolSize) {
    /** The default threshold: smaller messages rarely shrink enough to repay the CPU. */
    public static final long DEFAULT_THRESHOLD = 64;
    /** The default size of each pool. */
    public static final int DEFAULT_POOL_SIZE = 16;
    private static final int MAX_POOL_SIZE = 4096;

    /**
     * Checks the ranges and copies the offers.
     *
     * @throws IllegalArgumentException when a value is out of range, naming it
     */
    public DeflateConfig {
        requireRange("level", level, 0, 9);
        requireRange("threshold", threshold, 0, Long.MAX_VALUE);
        requireRange("ownMaxWindowBits", ownMaxWindowBits, DeflateParameters.MIN_WINDOW_BITS,
            DeflateParameters.MAX_WINDOW_BITS);
        requireRange("peerMaxWindowBits", peerMaxWindowBits, DeflateParameters.MIN_WINDOW_BITS,
            DeflateParameters.MAX_WINDOW_BITS);
        requireRange("deflaterPoolSize", deflaterPoolSize, 0, MAX_POOL_SIZE);
        requireRange("inflaterPoolSize", inflaterPoolSize, 0, MAX_POOL_SIZE);
        clientOffers = List.copyOf(clientOffers);
    }

    /**
     * Returns the default configuration: level 6, threshold 64 bytes, context takeover on both sides and full
     * windows, the offer a browser makes ({@code permessage-deflate; client_max_window_bits}), pools of 16.
     *
     * @return the defaults
     */
    public static DeflateConfig defaults() {
        return builder().build();
    }

    /**
     * Returns the configuration that costs least memory: no context takeover either way, so zlib streams
     * are only borrowed from the pools while a message passes, at some loss of compression on small messages.
     *
     * @return the defaults without context takeover
     */
    public static DeflateConfig lowMemory() {
        return builder().ownContextTakeover(false).peerContextTakeover(false).build();
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().level(level).threshold(threshold).ownContextTakeover(ownContextTakeover)
            .peerContextTakeover(peerContextTakeover).ownMaxWindowBits(ownMaxWindowBits)
            .peerMaxWindowBits(peerMaxWindowBits).clientOffers(clientOffers)
            .deflaterPoolSize(deflaterPoolSize).inflaterPoolSize(inflaterPoolSize);
    }

    /**
     * Returns what a client offers: {@link #clientOffers()}, or one offer derived from the settings.
     *
     * @return the offers in order of preference, never empty
     */
    public List<DeflateParameters> effectiveClientOffers() {
        if (!clientOffers.isEmpty()) {
            return clientOffers;
        }
        int serverBits = peerMaxWindowBits < DeflateParameters.MAX_WINDOW_BITS
            ? peerMaxWindowBits : DeflateParameters.ABSENT;
        int clientBits = ownMaxWindowBits < DeflateParameters.MAX_WINDOW_BITS
            ? ownMaxWindowBits : DeflateParameters.NO_VALUE;
        return List.of(new DeflateParameters(!peerContextTakeover, !ownContextTakeover, serverBits, clientBits));
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range " + min + "-" + max + ": " + value);
        }
    }

    /** Builds a {@link DeflateConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int level = 6;
        private long threshold = DEFAULT_THRESHOLD;
        private boolean ownContextTakeover = true;
        private boolean peerContextTakeover = true;
        private int ownMaxWindowBits = DeflateParameters.MAX_WINDOW_BITS;
        private int peerMaxWindowBits = DeflateParameters.MAX_WINDOW_BITS;
        private List<DeflateParameters> clientOffers = List.of();
        private int deflaterPoolSize = DEFAULT_POOL_SIZE;
        private int inflaterPoolSize = DEFAULT_POOL_SIZE;

        private Builder() {
        }

        /**
         * Sets the zlib compression level.
         *
         * @param level 0 to 9
         * @return this builder
         */
        public Builder level(int level) {
            this.level = level;
            return this;
        }

        /**
         * Sets the size below which messages are sent uncompressed (RFC 7692 §6).
         *
         * @param bytes 0 to compress every message
         * @return this builder
         */
        public Builder threshold(long bytes) {
            this.threshold = bytes;
            return this;
        }

        /**
         * Sets whether this side's compressor keeps its window between messages (RFC 7692 §7.1.1).
         *
         * @param keep false to reset it after every message and pool it
         * @return this builder
         */
        public Builder ownContextTakeover(boolean keep) {
            this.ownContextTakeover = keep;
            return this;
        }

        /**
         * Sets whether the peer may keep its window between messages (RFC 7692 §7.1.1).
         *
         * @param allow false to require the peer's no_context_takeover, so this side pools its inflaters
         * @return this builder
         */
        public Builder peerContextTakeover(boolean allow) {
            this.peerContextTakeover = allow;
            return this;
        }

        /**
         * Sets the window this side's compressor announces and keeps to (RFC 7692 §7.1.2).
         *
         * @param bits 8 to 15
         * @return this builder
         */
        public Builder ownMaxWindowBits(int bits) {
            this.ownMaxWindowBits = bits;
            return this;
        }

        /**
         * Sets the window the peer is asked to keep to (RFC 7692 §7.1.2).
         *
         * @param bits 8 to 15
         * @return this builder
         */
        public Builder peerMaxWindowBits(int bits) {
            this.peerMaxWindowBits = bits;
            return this;
        }

        /**
         * Sets what a client offers, replacing the offer derived from the other settings (RFC 7692 §5.1).
         *
         * @param offers the offers in order of preference; empty to derive one
         * @return this builder
         */
        public Builder clientOffers(List<DeflateParameters> offers) {
            this.clientOffers = offers;
            return this;
        }

        /**
         * Sets how many idle compressors are kept for reuse.
         *
         * @param size 0 to 4096
         * @return this builder
         */
        public Builder deflaterPoolSize(int size) {
            this.deflaterPoolSize = size;
            return this;
        }

        /**
         * Sets how many idle decompressors are kept for reuse.
         *
         * @param size 0 to 4096
         * @return this builder
         */
        public Builder inflaterPoolSize(int size) {
            this.inflaterPoolSize = size;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is out of range
         */
        public DeflateConfig build() {
            return new DeflateConfig(level, threshold, ownContextTakeover, peerContextTakeover, ownMaxWindowBits,
                peerMaxWindowBits, clientOffers, deflaterPoolSize, inflaterPoolSize);
        }
    }
}
