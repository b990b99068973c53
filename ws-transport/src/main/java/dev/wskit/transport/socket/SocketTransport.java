package dev.wskit.transport.socket;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TlsHandshakeTimeoutException;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport over blocking {@link Socket}s with one thread per connection, from a given thread factory:
 * platform threads make the {@code blocking} transport, virtual threads the {@code virtual} one. TLS uses
 * JSSE's {@link SSLSocket}. Its connection threads end with their connections; its helper and timer threads
 * live until it is {@linkplain #close() closed}. Thread-safe.
 */
public final class SocketTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(SocketTransport.class);

    private final String name;
    private final ThreadFactory threads;
    private final ExecutorService helpers;
    private final ScheduledExecutorService timers;
    private final Set<SocketBinding> bindings = ConcurrentHashMap.newKeySet();
    private final Set<SocketConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SocketTransport(String name, ThreadFactory threads, ExecutorService helpers) {
        this.name = name;
        this.threads = threads;
        this.helpers = helpers;
        ScheduledThreadPoolExecutor timerPool = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("wskit-" + name + "-timer").daemon(true).factory());
        // a cancelled timer (a closed connection's close timeout) leaves the queue at once, and with it the
        // connection it would have kept reachable until its time
        timerPool.setRemoveOnCancelPolicy(true);
        this.timers = timerPool;
    }

    /**
     * Creates the transport that runs each connection on a platform thread.
     *
     * @return the {@code blocking} transport
     */
    public static SocketTransport platformThreads() {
        ThreadFactory threads = Thread.ofPlatform().name("wskit-blocking-", 0).daemon(true).factory();
        return new SocketTransport("blocking", threads, Executors.newCachedThreadPool(threads));
    }

    /**
     * Creates the transport that runs each connection on a virtual thread.
     *
     * @return the {@code virtual} transport
     */
    public static SocketTransport virtualThreads() {
        ThreadFactory threads = Thread.ofVirtual().name("wskit-virtual-", 0).factory();
        return new SocketTransport("virtual", threads, Executors.newThreadPerTaskExecutor(threads));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Binding bind(InetSocketAddress address, SSLContext tls, Supplier<ConnectionHandler> handlers)
        throws IOException {
        ensureOpen();
        ServerSocket server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(address, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        SocketBinding binding = new SocketBinding(server, tls != null, handlers, this);
        bindings.add(binding);
        threads.newThread(binding::acceptLoop).start();
        if (closed.get()) {
            // closed meanwhile, perhaps before it saw this binding
            binding.close();
            ensureOpen();
        }
        LOG.debug("{} transport listening on {}", name, binding.address());
        return binding;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The connect runs on a thread of its own, which then serves the connection. Cancelling the returned
     * future closes the socket, which ends a TCP connect or TLS handshake in progress.
     */
    @Override
    public CompletableFuture<Void> connect(InetSocketAddress address, ClientTls tls, int connectTimeoutMillis,
                                           ConnectionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        ensureOpen();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        threads.newThread(() -> connectAndRun(address, tls, connectTimeoutMillis, handler, connected)).start();
        return connected;
    }

    private void connectAndRun(InetSocketAddress address, ClientTls tls, int timeoutMillis,
                               ConnectionHandler handler, CompletableFuture<Void> connected) {
        Socket plain = new Socket();
        // closing the plain socket from the cancelling thread ends a connect or TLS handshake blocked on it
        connected.whenComplete((ignored, failure) -> {
            if (connected.isCancelled()) {
                closeQuietly(plain);
            }
        });
        Socket socket = plain;
        try {
            plain.connect(address, timeoutMillis);
            plain.setTcpNoDelay(true);
            if (tls != null) {
                socket = startClientTls(plain, address, tls);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            connected.completeExceptionally(e);
            return;
        }
        SocketConnection connection = new SocketConnection(socket, tls != null, handler, this);
        if (!connected.complete(null)) {
            // cancelled just as the connect succeeded: the handler never hears of this socket
            closeQuietly(socket);
            return;
        }
        connection.run();
    }

    /** Runs the TLS handshake on the connected socket, within the TLS handshake's own timeout. */
    private static Socket startClientTls(Socket plain, InetSocketAddress address, ClientTls tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.context().getSocketFactory()
            .createSocket(plain, tls.host(), address.getPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        if (tls.verifyHostname()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(tls.handshakeTimeoutMillis());
        try {
            socket.startHandshake();
        } catch (SocketTimeoutException e) {
            TlsHandshakeTimeoutException timeout = tls.handshakeTimedOut(tls.host() + ":" + address.getPort());
            timeout.initCause(e);
            throw timeout;
        }
        socket.setSoTimeout(0);
        return socket;
    }

    void startConnection(Socket socket, boolean secure, ConnectionHandler handler) {
        SocketConnection connection = new SocketConnection(socket, secure, handler, this);
        threads.newThread(connection::run).start();
    }

    /** Runs a task on a helper thread; once the transport is closed (its sockets too), in the calling thread. */
    void runLater(Runnable task) {
        try {
            helpers.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /**
     * Runs a task after a delay on the timer thread.
     *
     * @return the scheduled task, or {@code null} once the transport is closed
     */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        try {
            return timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** A connection started: a transport closed meanwhile ends it at once. */
    void opened(SocketConnection connection) {
        connections.add(connection);
        if (closed.get()) {
            connection.terminate();
        }
    }

    void ended(SocketConnection connection) {
        connections.remove(connection);
    }

    void unbound(SocketBinding binding) {
        bindings.remove(binding);
    }

    /**
     * Closes every listening socket (waiting for its accept thread), ends every open connection at once (its
     * reading thread fails on the closed socket and the handler hears the error: 1006), and stops the helper
     * and timer threads. Afterwards {@link #bind} and {@link #connect} throw {@link IllegalStateException}.
     * Idempotent; any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (SocketBinding binding : bindings) {
            binding.close();
        }
        for (SocketConnection connection : connections) {
            connection.terminate();
        }
        helpers.shutdown();
        timers.shutdownNow();
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("The " + name + " transport is closed");
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed: {}", closeable, e.toString());
        }
    }
}
