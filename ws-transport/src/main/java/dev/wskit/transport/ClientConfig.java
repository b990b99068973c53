package dev.wskit.transport;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.transport.spi.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link WebSocketClient} needs: the handshake's request settings (Origin, subprotocols,
 * extension offers, headers: RFC 6455 §4.1), engine limits and timeouts, connect and handshake timeouts, TLS
 * and the transport. Immutable and thread-safe.
 *
 * @param transport how bytes move
 * @param handshake what the opening handshake asks for
 * @param engine frame and message limits, keepalive, idle and close timeouts
 * @param connectTimeout how long the TCP (and TLS) connect may take
 * @param handshakeTimeout how long the server may take to answer the upgrade request
 * @param backpressure send queue limits and watermarks, and when reading pauses
 * @param callbackExecutor where listener callbacks run (one at a time per connection, in order), or
 *     {@code null} to run them on the transport's threads
 * @param tls the TLS context for {@code wss://} (the JDK's default trust store unless set)
 * @param verifyHostname whether a {@code wss://} server's certificate must match the host (on by default)
 */
public record ClientConfig(
    Transport transport,
    ClientHandshakeConfig handshake,
    EngineConfig engine,
    Duration connectTimeout,
    Duration handshakeTimeout,
    Backpressure backpressure,
    Executor callbackExecutor,
    SSLContext tls,
    boolean verifyHostname) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public ClientConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(backpressure, "backpressure");
    }

    /**
     * Returns the defaults.
     *
     * @return the default configuration
     */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /**
     * Starts a builder with the defaults: the virtual-thread transport, 10 s connect and handshake timeouts,
     * {@link Backpressure#defaults()}, callbacks on the transport's threads, the JDK's default TLS context,
     * hostname verification on.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private Transport transport = Transports.virtualThreads();
        private ClientHandshakeConfig handshake = ClientHandshakeConfig.defaults();
        private EngineConfig engine = EngineConfig.defaults();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Backpressure backpressure = Backpressure.defaults();
        private Executor callbackExecutor;
        private SSLContext tls;
        private boolean verifyHostname = true;

        private Builder() {
        }

        /**
         * Sets the transport.
         *
         * @param transport the transport
         * @return this builder
         */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Sets the handshake's request settings.
         *
         * @param handshake Origin, subprotocols, extension offers, headers
         * @return this builder
         */
        public Builder handshake(ClientHandshakeConfig handshake) {
            this.handshake = handshake;
            return this;
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
         * Sets the connect timeout.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Sets the handshake timeout.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Sets the send queue limit, keeping the rest of the {@link #backpressure} settings.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxBufferedBytes(long bytes) {
            this.backpressure = backpressure.withMaxBuffered(bytes);
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
         * Sets how long the connection's output may make no progress (a server that does not read) before the
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
         * Sets the TLS context used for {@code wss://}.
         *
         * @param context the context with the trust material
         * @return this builder
         */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        /**
         * Turns hostname verification on or off (off only for development servers).
         *
         * @param verify whether to verify
         * @return this builder
         */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public ClientConfig build() {
            return new ClientConfig(transport, handshake, engine, connectTimeout, handshakeTimeout, backpressure,
                callbackExecutor, tls, verifyHostname);
        }
    }
}
