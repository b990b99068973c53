package dev.wskit.transport;

import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.transport.internal.ClientHandshakePhase;
import dev.wskit.transport.internal.Connection;
import dev.wskit.transport.internal.Connections;
import dev.wskit.transport.internal.ProxyTunnel;
import dev.wskit.transport.internal.TunnelHandler;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TlsHandshakeTimeoutException;
import dev.wskit.transport.spi.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One client connect in progress (RFC 6455 §4.1), and the future that reports it. It goes through stages:
 * the host is resolved, the transport connects (TCP, then TLS for {@code wss://}), and the
 * {@link Connection} performs the opening handshake. Through a proxy, the host and port are the proxy's,
 * and a {@link TunnelHandler} opens a tunnel to the server (and runs TLS with it) before the handshake. The
 * connect timeout bounds the host's resolution, the TCP connect and a proxy's {@code CONNECT}; the TLS handshake
 * has its own timeout, and the opening handshake the handshake timeout, each failing with a message of its own.
 *
 * <p>Cancelling aborts whichever stage runs and closes the socket, if there is one yet; the listener hears
 * nothing, as for any connect that fails. Once the server's 101 has been accepted, {@code cancel} returns
 * false: the future is about to complete with the open connection. Any other exceptional completion by the
 * caller (such as {@link #orTimeout}) abandons the attempt too. Thread-safe.
 */
final class ConnectAttempt extends CompletableFuture<WebSocket> {
    /**
     * Where host names are resolved. The JDK's lookup cannot be interrupted: a resolution that outlasts the
     * connect timeout or a cancel keeps its thread until the system resolver answers, and is then dropped.
     */
    private static final ExecutorService RESOLVERS = Executors.newCachedThreadPool(
        Thread.ofPlatform().name("wskit-dns-", 0).daemon(true).factory());

    private final ClientConfig config;
    private final HostResolver resolver;
    private final String host;
    private final int port;
    private final Transport.ClientTls tls;
    private final ClientHandshakePhase opening;
    private final Connection connection;
    /** The proxy tunnel's handler, or {@code null} for a direct connection. */
    private final TunnelHandler tunnelHandler;
    private final long timeoutMillis;
    private final long startNanos = System.nanoTime();
    /** The stage running now, cancelled when the attempt is abandoned; {@code null} before the first. */
    private volatile Future<?> stage;

    /**
     * Prepares a connect.
     *
     * @param config the client's configuration
     * @param resolver resolves {@code host}
     * @param handshake the opening handshake to perform
     * @param host the host to resolve and connect to, without brackets: the server's, or the proxy's
     * @param port the port
     * @param tls the TLS settings for {@code wss://}, or {@code null}
     * @param listener the connection's listener
     * @param responses hears the response head before it is verified; it must not block
     * @param tunnel the tunnel to ask the proxy at {@code host} for, or {@code null} for a direct connection
     */
    ConnectAttempt(ClientConfig config, HostResolver resolver, ClientHandshake handshake, String host, int port,
                   Transport.ClientTls tls, WebSocket.Listener listener, Consumer<HandshakeResponse> responses,
                   ProxyTunnel tunnel) {
        this.config = config;
        this.resolver = resolver;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMillis = config.connectTimeout().toMillis();
        this.opening = new ClientHandshakePhase(handshake, listener, this, responses);
        this.connection = Connections.client(config, opening);
        this.tunnelHandler = tunnel == null ? null : new TunnelHandler(tunnel, tls, connection, opening, this,
            timeoutMillis, timeoutMillis > 0 ? startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : Long.MAX_VALUE);
        whenComplete((socket, failure) -> {
            if (failure != null && opening.abandon()) {
                stop();
            }
        });
    }

    /**
     * Starts the first stage, resolving the host.
     *
     * @return this attempt
     */
    ConnectAttempt start() {
        CompletableFuture<InetAddress> resolving = new CompletableFuture<>();
        stage = resolving;
        RESOLVERS.execute(() -> resolve(resolving));
        if (timeoutMillis > 0) {
            resolving.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        resolving.whenComplete(this::resolved);
        return this;
    }

    /**
     * Cancels the connect, unless its handshake has succeeded: the running stage stops, the socket (if any) is
     * closed.
     *
     * @param mayInterruptIfRunning ignored: no thread is interrupted
     * @return true when the connect is now cancelled
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        // decide against the handshake first; completing the future then runs the stop
        return opening.abandon() && super.cancel(mayInterruptIfRunning);
    }

    private void resolve(CompletableFuture<InetAddress> resolving) {
        try {
            resolving.complete(resolver.resolve(host));
        } catch (UnknownHostException | RuntimeException e) {
            resolving.completeExceptionally(e);
        }
    }

    private void resolved(InetAddress address, Throwable failure) {
        switch (failure) {
            case null -> connect(new InetSocketAddress(address, port));
            case CancellationException abandoned -> { }
            case TimeoutException timeout -> completeExceptionally(new SocketTimeoutException(
                "DNS resolution of host " + host + " timed out after " + timeoutMillis + " ms"));
            default -> completeExceptionally(failure);
        }
    }

    private void connect(InetSocketAddress address) {
        // through a proxy, the transport connects in plain TCP, and TLS with the server runs inside the tunnel
        ConnectionHandler handler = tunnelHandler == null ? connection : tunnelHandler;
        CompletableFuture<Void> connecting = config.transport().connect(address, tunnelHandler == null ? tls : null,
            remainingMillis(), handler);
        stage = connecting;
        if (opening.isAbandoned()) {
            // abandoned while the host was resolved: the abandoning thread may have seen the previous stage
            connecting.cancel(false);
        }
        connecting.whenComplete((ignored, failure) -> {
            if (failure != null && !(failure instanceof CancellationException)) {
                completeExceptionally(connectFailure(address, failure));
            }
        });
    }

    /** What is left of the connect timeout for the transport's TCP connect, 0 for no limit. */
    private int remainingMillis() {
        if (timeoutMillis <= 0) {
            return 0;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        // at least 1: 0 would mean no limit at all
        return Math.clamp(timeoutMillis - elapsed, 1, Integer.MAX_VALUE);
    }

    private Throwable connectFailure(InetSocketAddress address, Throwable failure) {
        if (failure instanceof SocketTimeoutException && !(failure instanceof TlsHandshakeTimeoutException)) {
            SocketTimeoutException timeout = new SocketTimeoutException(
                "Connect to " + address + " timed out after " + timeoutMillis + " ms");
            timeout.initCause(failure);
            return timeout;
        }
        return failure;
    }

    /** Stops the running stage and closes the socket, if the transport has connected one. */
    private void stop() {
        connection.abort();
        if (tunnelHandler != null) {
            tunnelHandler.abort();
        }
        Future<?> current = stage;
        if (current != null) {
            current.cancel(false);
        }
    }
}
