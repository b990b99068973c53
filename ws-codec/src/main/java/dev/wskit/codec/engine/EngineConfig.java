package dev.wskit.codec.engine;

import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.message.Delivery;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The limits, timeouts and randomness of a {@link WebSocketEngine}. Safe by default: 1 MiB frames and
 * messages, 10 s close handshake, keepalive and idle timeout off, masking keys from a {@link dev.wskit.codec.SecureMaskKeys} per client engine
 * (RFC 6455 §10.3). Immutable and thread-safe.
 *
 * @param maxFramePayload the largest frame payload accepted; beyond it the connection fails with 1009
 * @param maxMessageSize the largest message accepted (after decompression); beyond it 1009
 * @param delivery whether data messages are delivered whole or streamed
 * @param outgoingFragmentSize the largest payload of an outgoing data frame; larger messages are fragmented
 * @param pingInterval send a Ping after this long without receiving anything; zero for never
 * @param pongTimeout fail the connection when nothing arrives this long after a keepalive Ping
 * @param idleTimeout close with 1001 after this long with nothing sent or received; zero for never
 * @param closeTimeout how long to wait for the peer's Close, and (client) for the server to end the TCP
 *     connection, before giving up (§7.1.1)
 * @param maskKeys where client masking keys come from, shared by the engines; {@code null} for a
 *     {@link dev.wskit.codec.SecureMaskKeys} of each client engine's own
 */
public record EngineConfig(
    long maxFramePayload,
    long maxMessageSize,
    Delivery delivery,
    int outgoingFragmentSize,
    Duration pingInterval,
    Duration pongTimeout,
    Duration idleTimeout,
    Duration closeTimeout,
    RandomGenerator maskKeys) {

    /** The default limit on frames and messages: 1 MiB. */
    public static final int DEFAULT_SIZE_LIMIT = 1 << 20;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a limit or duration is out of range
     */
    public EngineConfig {
        Objects.requireNonNull(delivery, "delivery");
        if (maxFramePayload < FrameHeader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("maxFramePayload below 125: " + maxFramePayload);
        }
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("Negative maxMessageSize: " + maxMessageSize);
        }
        if (outgoingFragmentSize < 1) {
            throw new IllegalArgumentException("outgoingFragmentSize below 1: " + outgoingFragmentSize);
        }
        requireNotNegative(pingInterval, "pingInterval");
        requireNotNegative(pongTimeout, "pongTimeout");
        requireNotNegative(idleTimeout, "idleTimeout");
        requireNotNegative(closeTimeout, "closeTimeout");
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults
     */
    public static EngineConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder().maxFramePayload(maxFramePayload).maxMessageSize(maxMessageSize).delivery(delivery)
            .outgoingFragmentSize(outgoingFragmentSize).pingInterval(pingInterval).pongTimeout(pongTimeout)
            .idleTimeout(idleTimeout).closeTimeout(closeTimeout).maskKeys(maskKeys);
    }

    private static void requireNotNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Negative " + name + ": " + duration);
        }
    }

    /** Builds an {@link EngineConfig}. Not thread-safe. */
    public static final class Builder {
        private long maxFramePayload = DEFAULT_SIZE_LIMIT;
        private long maxMessageSize = DEFAULT_SIZE_LIMIT;
        private Delivery delivery = Delivery.WHOLE;
        private int outgoingFragmentSize = Integer.MAX_VALUE;
        private Duration pingInterval = Duration.ZERO;
        private Duration pongTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ZERO;
        private Duration closeTimeout = Duration.ofSeconds(10);
        private RandomGenerator maskKeys;

        private Builder() {
        }

        /**
         * Sets the frame payload limit.
         *
         * @param bytes the limit, at least 125
         * @return this builder
         */
        public Builder maxFramePayload(long bytes) {
            this.maxFramePayload = bytes;
            return this;
        }

        /**
         * Sets the message size limit.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxMessageSize(long bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Sets how data messages are delivered.
         *
         * @param delivery whole or streamed
         * @return this builder
         */
        public Builder delivery(Delivery delivery) {
            this.delivery = delivery;
            return this;
        }

        /**
         * Sets the largest outgoing frame payload.
         *
         * @param bytes at least 1
         * @return this builder
         */
        public Builder outgoingFragmentSize(int bytes) {
            this.outgoingFragmentSize = bytes;
            return this;
        }

        /**
         * Sets the keepalive Ping interval.
         *
         * @param interval zero for no keepalive
         * @return this builder
         */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        /**
         * Sets how long to wait for traffic after a keepalive Ping.
         *
         * @param timeout the deadline
         * @return this builder
         */
        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = timeout;
            return this;
        }

        /**
         * Sets the idle timeout.
         *
         * @param timeout zero for none
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Sets the close handshake timeout.
         *
         * @param timeout the deadline
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Sets the source of client masking keys, shared by every engine built with this configuration (so
         * thread-safe, as {@link SecureRandom} is). By default each client engine has its own
         * {@link dev.wskit.codec.SecureMaskKeys}.
         *
         * @param random an unpredictable generator outside tests, or {@code null} for the default
         * @return this builder
         */
        public Builder maskKeys(RandomGenerator random) {
            this.maskKeys = random;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is out of range
         */
        public EngineConfig build() {
            return new EngineConfig(maxFramePayload, maxMessageSize, delivery, outgoingFragmentSize, pingInterval,
                pongTimeout, idleTimeout, closeTimeout, maskKeys);
        }
    }
}
