package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.transport.spi.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Everything a {@link WebSocketClient} needs: the handshake's request settings (Origin, subprotocols,
 * extension offers, headers: RFC 6455 §4.1), the {@linkplain ConnectionSettings settings every connection
 * has} (engine limits and timeouts, the opening handshake's timeout, backpressure, the callback executor), the
 * connect timeout, TLS and the transport. Immutable and thread-safe.
 *
 * @param transport how bytes move
 * @param handshake what the opening handshake asks for
 * @param connection what bounds each connection: engine limits and timeouts, the opening handshake's timeout
 *     (how long the server may take to answer the upgrade request), backpressure, the callback executor
 * @param connectTimeout how long the connect may take: resolving the host name, the TCP connect and the TLS
 *     handshake together; zero for no limit
 * @param tls the TLS context for {@code wss://} (the JDK's default trust store unless set)
 * @param verifyHostname whether a {@code wss://} server's certificate must match the host (on by default)
 */
public record ClientConfig(
    Transport transport,
    ClientHandshakeConfig handshake,
    ConnectionSettings connection,
    Duration connectTimeout,
    SSLContext tls,
    boolean verifyHostname) {

    /**
     * Checks the values.
     *
     * @throws NullPointerException when the transport, handshake, connection settings or connect timeout is
     *     missing
     */
    public ClientConfig {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handshake, "handshake");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
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
     * Starts a builder with the defaults: the virtual-thread transport, {@link ConnectionSettings#defaults()}
     * (among them a 10 s opening handshake timeout), a 10 s connect timeout, the JDK's default TLS context,
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
        private ConnectionSettings.Builder connection = ConnectionSettings.builder();
        private Duration connectTimeout = Duration.ofSeconds(10);
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
         * Sets every connection setting at once, replacing those set before.
         *
         * @param settings the settings, which a server's configuration may share
         * @return this builder
         */
        public Builder connection(ConnectionSettings settings) {
            this.connection = settings.toBuilder();
            return this;
        }

        /**
         * Changes some connection settings, keeping the others, as in
         * {@code connection(c -> c.engine(limits).handshakeTimeout(Duration.ofSeconds(5)))}.
         *
         * @param changes sets values on the builder of the settings so far
         * @return this builder
         */
        public Builder connection(Consumer<ConnectionSettings.Builder> changes) {
            changes.accept(connection);
            return this;
        }

        /**
         * Sets the connect timeout, which bounds resolving the host name, the TCP connect and the TLS handshake
         * together.
         *
         * @param timeout the timeout, zero for no limit; 10 s by default
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
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
            return new ClientConfig(transport, handshake, connection.build(), connectTimeout, tls, verifyHostname);
        }
    }
}
