package dev.wskit.transport.spi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A way of moving bytes: sockets, threads and TLS, but no WebSocket logic (which comes from the
 * {@link ConnectionHandler}s it drives). Implementations are thread-safe.
 */
public interface Transport {
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
     */
    Binding bind(InetSocketAddress address, SSLContext tls, Supplier<ConnectionHandler> handlers) throws IOException;

    /**
     * Opens a connection.
     *
     * @param address where to connect
     * @param tls the client's TLS settings, or {@code null} for plain TCP
     * @param connectTimeoutMillis how long the TCP (and TLS) connect may take
     * @param handler the connection's handler
     * @return completes when connected (after {@code onConnected}), or fails with the I/O error
     */
    CompletableFuture<Void> connect(InetSocketAddress address, ClientTls tls, int connectTimeoutMillis,
                                    ConnectionHandler handler);

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
     * A client's TLS settings.
     *
     * @param context the trust (and key) material
     * @param host the host name for SNI and hostname verification
     * @param verifyHostname whether the certificate must match the host (on by default)
     */
    record ClientTls(SSLContext context, String host, boolean verifyHostname) {
    }
}
