package dev.wskit.transport;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What bounds each connection, the same for a client's connections and a server's: how long the opening
 * handshake may take (RFC 6455 §4), the engine's frame and message limits and its keepalive, idle and close
 * timeouts (§5, §7, §10.4), how much a connection may queue and hold for a slow peer or a slow application,
 * where listener callbacks run, and where the connections' metrics go. Both {@link ClientConfig} and {@link ServerConfig} hold one. Immutable and
 * thread-safe.
 *
 * @param engine bounds frames and messages: their largest payloads (beyond which the connection fails with
 *     1009, RFC 6455 §10.4), outgoing fragmentation, keepalive Pings, the idle timeout and how long the close
 *     handshake may take (§7.1.1)
 * @param handshakeTimeout bounds the opening handshake (RFC 6455 §4), from the connection's establishment
 *     until the 101 response: on a client how long the server may take to answer the upgrade request, on a
 *     server how long a client may take to send it (a server's TLS handshake counts against it too)
 * @param backpressure bounds the memory a peer or the application can make a connection hold: the send queue's
 *     limit and watermarks, what waits for callbacks before reading pauses, and how long output may stall
 * @param callbackExecutor where listener callbacks run (one at a time per connection, in order), or
 *     {@code null} to run them on the transport's threads
 * @param metrics hears what the connections do (opened, messages, failures, closes), tagged by endpoint path
 *     and transport; {@link WebSocketMetrics#NONE} for none
 * @param lendBinary whether {@link WebSocket.Listener#onBinary} may be lent a view of the bytes as read instead
 *     of given a copy of its own (see {@link Builder#lendBinary})
 */
public record ConnectionSettings(
    EngineConfig engine,
    Duration handshakeTimeout,
    Backpressure backpressure,
    Executor callbackExecutor,
    WebSocketMetrics metrics,
    boolean lendBinary) {

    /** The default opening handshake timeout: 10 seconds. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks the values.
     *
     * @throws NullPointerException when the engine, handshake timeout, backpressure or metrics is missing
     */
    public ConnectionSettings {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(backpressure, "backpressure");
        Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Creates settings that give {@code onBinary} a copy of its own, as before {@code lendBinary} existed.
     *
     * @param engine the engine's bounds
     * @param handshakeTimeout the opening handshake's bound
     * @param backpressure the memory bounds
     * @param callbackExecutor where callbacks run, or {@code null} for the transport's threads
     * @param metrics where metrics go
     */
    public ConnectionSettings(EngineConfig engine, Duration handshakeTimeout, Backpressure backpressure,
                              Executor callbackExecutor, WebSocketMetrics metrics) {
        this(engine, handshakeTimeout, backpressure, callbackExecutor, metrics, false);
    }

    /**
     * Returns the defaults.
     *
     * @return the default settings
     */
    public static ConnectionSettings defaults() {
        return builder().build();
    }

    /**
     * Starts a builder with the defaults: {@link EngineConfig#defaults()}, a 10 s opening handshake timeout,
     * {@link Backpressure#defaults()}, callbacks on the transport's threads, no metrics, binary messages copied.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder(EngineConfig.defaults(), DEFAULT_HANDSHAKE_TIMEOUT, Backpressure.defaults(), null,
            WebSocketMetrics.NONE, false);
    }

    /**
     * Starts a builder with these settings, to change some of them.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        return new Builder(engine, handshakeTimeout, backpressure, callbackExecutor, metrics, lendBinary);
    }

    /** Builds {@link ConnectionSettings}. Not thread-safe. */
    public static final class Builder {
        private EngineConfig engine;
        private Duration handshakeTimeout;
        private Backpressure backpressure;
        private Executor callbackExecutor;
        private WebSocketMetrics metrics;
        private boolean lendBinary;

        private Builder(EngineConfig engine, Duration handshakeTimeout, Backpressure backpressure,
                        Executor callbackExecutor, WebSocketMetrics metrics, boolean lendBinary) {
            this.engine = engine;
            this.handshakeTimeout = handshakeTimeout;
            this.backpressure = backpressure;
            this.callbackExecutor = callbackExecutor;
            this.metrics = metrics;
            this.lendBinary = lendBinary;
        }

        /**
         * Sets the engine's limits and timeouts.
         *
         * @param engine the engine configuration
         * @return this builder
         */
        public Builder engine(EngineConfig engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Sets how long the opening handshake may take.
         *
         * @param timeout the timeout; 10 s by default
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Sets the send queue limits, watermarks, overflow policy and receive-side limit.
         *
         * @param backpressure the settings
         * @return this builder
         */
        public Builder backpressure(Backpressure backpressure) {
            this.backpressure = backpressure;
            return this;
        }

        /**
         * Sets the per-connection send queue limit, keeping the rest of the {@link #backpressure} settings.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxBufferedBytes(long bytes) {
            this.backpressure = backpressure.withMaxBuffered(bytes);
            return this;
        }

        /**
         * Sets how long a connection's output may make no progress (a peer that does not read) before the
         * connection is closed, keeping the rest of the {@link #backpressure} settings.
         *
         * @param timeout the timeout, zero for never; 30 s by default
         * @return this builder
         */
        public Builder writeStallTimeout(Duration timeout) {
            this.backpressure = backpressure.withWriteStallTimeout(timeout);
            return this;
        }

        /**
         * Runs listener callbacks on an executor (for listeners that block), still one at a time per connection
         * and in order.
         *
         * @param executor the executor, or {@code null} to run callbacks on the transport's threads
         * @return this builder
         */
        public Builder callbackExecutor(Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /**
         * Sets where the connections' metrics go; several combine with {@link WebSocketMetrics#and}.
         *
         * @param metrics the metrics, {@link WebSocketMetrics#NONE} for none
         * @return this builder
         */
        public Builder metrics(WebSocketMetrics metrics) {
            this.metrics = metrics;
            return this;
        }

        /**
         * Lets {@link WebSocket.Listener#onBinary} be lent the bytes as read instead of given a copy: where a
         * connection's callbacks run on the one thread that reads it (an NIO transport without a
         * {@linkplain #callbackExecutor callback executor}), a binary message that came in one frame, untransformed,
         * is passed as a view of the read buffer, valid only until {@code onBinary} returns. A listener that keeps
         * the data, or sends it on (a send reads its buffer later, when framed), copies it first. Every other
         * message, and every message on other transports, is copied as before, which the same contract allows.
         * Saves a copy and an array per binary message.
         *
         * @param lend true to lend; false (the default) to give each message a copy of its own
         * @return this builder
         */
        public Builder lendBinary(boolean lend) {
            this.lendBinary = lend;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the settings
         * @throws NullPointerException when the engine, handshake timeout, backpressure or metrics is missing
         */
        public ConnectionSettings build() {
            return new ConnectionSettings(engine, handshakeTimeout, backpressure, callbackExecutor, metrics,
                lendBinary);
        }
    }
}
