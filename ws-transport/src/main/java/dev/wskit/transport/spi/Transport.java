package dev.wskit.transport.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A way of moving bytes: sockets, threads and TLS, but no WebSocket logic (which comes from the
 * {@link ConnectionHandler}s it drives). Implementations are thread-safe.
 *
 * <p>A transport owns threads (event loops, accept and connection threads, timers) until it is
 * {@linkplain #close() closed}. Whoever creates a transport closes it: a {@code WebSocketServer} or
 * {@code WebSocketClient} never closes the transport it runs on, neither one given in its config nor the default,
 * which is a shared instance from {@code Transports}. Stop the servers and close the connections on a transport
 * before closing it, as closing ends whatever is still open without a closing handshake.
 */
public interface Transport extends AutoCloseable {
    /**
     * Returns the transport's name, as used on command lines and in benchmark reports.
     *
     * @return for example {@code blocking}, {@code virtual} or {@code nio}
     */
    String name();

    /**
     * Starts accepting connections.
     *
     * @param address where to listen; port 0 picks a free port
     * @param tls the server's TLS context, or {@code null} for plain TCP
     * @param handlers makes the handler of each accepted connection
     * @return the listening binding
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when the transport is closed
     */
    Binding bind(InetSocketAddress address, SSLContext tls, Supplier<ConnectionHandler> handlers) throws IOException;

    /**
     * Opens a connection.
     *
     * @param address where to connect
     * @param tls the client's TLS settings, or {@code null} for plain TCP
     * @param connectTimeoutMillis how long the TCP connect may take, 0 for no limit; the TLS handshake that follows
     *     has a limit of its own, {@link ClientTls#handshakeTimeoutMillis()}
     * @param handler the connection's handler
     * @return completes when connected (after {@code onConnected}), or fails with the I/O error: a
     *     {@link java.net.SocketTimeoutException} when the TCP connect outlasts its timeout, a
     *     {@link TlsHandshakeTimeoutException} when the TLS handshake outlasts its own
     * @throws IllegalStateException when the transport is closed
     */
    CompletableFuture<Void> connect(InetSocketAddress address, ClientTls tls, int connectTimeoutMillis,
                                    ConnectionHandler handler);

    /**
     * Closes the transport and releases its threads and selectors. Every connection still open on it ends at once,
     * without a closing handshake: its handler hears {@link ConnectionHandler#onClosed} with an I/O error (the
     * WebSocket listener hears 1006, RFC 6455 §7.1.5). Every listening socket closes. Afterwards {@link #bind} and
     * {@link #connect} throw {@link IllegalStateException}. Idempotent; any thread. A shared instance from
     * {@code Transports} may be closed too: the next call there makes a new one.
     */
    @Override
    void close();

    /**
     * A listening socket.
     */
    interface Binding extends AutoCloseable {
        /**
         * Returns the bound address, with the chosen port when 0 was asked.
         *
         * @return the local address
         */
        InetSocketAddress address();

        /** Stops accepting; open connections are not affected. */
        @Override
        void close();
    }

    /**
     * A client's TLS settings (RFC 6455 §4.1: a {@code wss://} connect performs a TLS handshake, with SNI, before
     * the opening handshake).
     *
     * @param context the trust (and key) material
     * @param host the host name for SNI and hostname verification
     * @param verifyHostname whether the certificate must match the host (on by default)
     * @param handshakeTimeoutMillis how long the TLS handshake may take from its first record, 0 for no limit
     */
    record ClientTls(SSLContext context, String host, boolean verifyHostname, int handshakeTimeoutMillis) {
        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException when the handshake timeout is negative
         */
        public ClientTls {
            if (handshakeTimeoutMillis < 0) {
                throw new IllegalArgumentException("TLS handshake timeout is negative: " + handshakeTimeoutMillis);
            }
        }

        /**
         * The TLS deadline of a handshake that starts now.
         *
         * @param nowNanos the current {@link System#nanoTime()}
         * @return the {@link System#nanoTime()} instant, or {@link Long#MAX_VALUE} for no limit
         */
        public long handshakeDeadline(long nowNanos) {
            return handshakeTimeoutMillis == 0 ? Long.MAX_VALUE : nowNanos + handshakeTimeoutMillis * 1_000_000L;
        }

        /**
         * The failure of a TLS handshake that outlasted {@link #handshakeTimeoutMillis()}.
         *
         * @param where the server, as {@code host:port}, with the proxy if the TLS runs through a tunnel
         * @return the exception to fail the connect with
         */
        public TlsHandshakeTimeoutException handshakeTimedOut(String where) {
            return new TlsHandshakeTimeoutException(
                "TLS handshake with " + where + " timed out after " + handshakeTimeoutMillis + " ms");
        }
    }
}
