package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transport over non-blocking {@link java.nio.channels.SocketChannel}s: a fixed number of event loops
 * (selector threads) carry all connections, each connection staying on one loop, assigned round-robin. A
 * listening socket accepts on one loop. TLS runs over {@link javax.net.ssl.SSLEngine}, its delegated tasks on
 * a small pool. The loops are daemon threads that live until the transport is {@linkplain #close() closed}.
 * Thread-safe.
 */
public final class NioTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NioTransport.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService tlsTasks;
    private volatile boolean closed;

    /**
     * Creates a transport and starts its loops.
     *
     * @param loopCount the number of event loops, at least 1
     * @throws IllegalArgumentException when {@code loopCount} is below 1
     */
    public NioTransport(int loopCount) {
        if (loopCount < 1) {
            throw new IllegalArgumentException("An NIO transport needs at least one event loop: " + loopCount);
        }
        String prefix = "wskit-nio-" + INSTANCES.incrementAndGet() + "-";
        this.tlsTasks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name(prefix + "tls-", 0).daemon(true).factory());
        this.loops = new EventLoop[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new EventLoop(prefix + i, tlsTasks);
            loops[i].onFatal(this::stopAll);
            loops[i].start();
        }
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public Binding bind(InetSocketAddress address, SSLContext tls, Supplier<ConnectionHandler> handlers)
        throws IOException {
        ensureOpen();
        ServerSocketChannel server = ServerSocketChannel.open();
        InetSocketAddress bound;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
            server.configureBlocking(false);
            bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        EventLoop loop = nextLoop();
        NioAcceptor acceptor = new NioAcceptor(server, bound, tls, handlers, this, loop);
        loop.execute(acceptor::register);
        if (loop.isStopped()) {
            // closed meanwhile: the loop will not register it, so nothing else would close it
            acceptor.close();
            ensureOpen();
        }
        LOG.debug("nio transport listening on {}", bound);
        return acceptor;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Cancelling the returned future closes the socket on its loop, which ends a TCP connect or TLS
     * handshake in progress.
     */
    @Override
    public CompletableFuture<Void> connect(InetSocketAddress address, ClientTls tls, int connectTimeoutMillis,
                                           ConnectionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        ensureOpen();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        EventLoop loop = nextLoop();
        if (loop.isStopped()) {
            return CompletableFuture.failedFuture(new IOException("The nio transport has stopped"));
        }
        loop.execute(() -> startConnect(loop, address, tls, connectTimeoutMillis, handler, connected));
        return connected;
    }

    private void startConnect(EventLoop loop, InetSocketAddress address, ClientTls tls, int timeoutMillis,
                              ConnectionHandler handler, CompletableFuture<Void> connected) {
        if (connected.isDone()) {
            // cancelled before its turn came: no socket yet
            return;
        }
        SocketChannel socket = null;
        try {
            if (address.isUnresolved()) {
                throw new UnknownHostException(address.getHostString());
            }
            socket = SocketChannel.open();
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsSession session = tls == null ? null
                : TlsSession.client(tls, address.getPort());
            NioChannel channel = new NioChannel(loop, socket, handler, session);
            channel.connect(address, timeoutMillis, tls, connected);
            connected.whenComplete((ignored, failure) -> {
                if (connected.isCancelled()) {
                    channel.abort();
                }
            });
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            connected.completeExceptionally(e);
        }
    }

    /**
     * Hands an accepted socket to the next loop.
     *
     * @param socket the socket
     * @param tls the server's TLS context, or {@code null}
     * @param handler the connection's handler
     */
    void adopt(SocketChannel socket, SSLContext tls, ConnectionHandler handler) {
        EventLoop loop = nextLoop();
        loop.execute(() -> startAccepted(loop, socket, tls, handler));
    }

    private void startAccepted(EventLoop loop, SocketChannel socket, SSLContext tls, ConnectionHandler handler) {
        try {
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsSession session = tls == null ? null : TlsSession.server(tls);
            new NioChannel(loop, socket, handler, session).accepted();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Accepted connection failed to start: {}", e.toString());
            closeQuietly(socket);
            handler.onClosed(e instanceof IOException io ? io : new IOException("Cannot start the connection", e));
        }
    }

    /**
     * Stops the event loops: every open connection ends at once, without a closing handshake (its listener
     * hears 1006), every listening socket closes, and the loops' threads end, releasing their selectors; then
     * the TLS task threads end. Waits (a few seconds at most) for the loops' threads to end, unless called on
     * one of them. Afterwards {@link #bind} and {@link #connect} throw {@link IllegalStateException}.
     * Idempotent; any thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IllegalStateException cause = new IllegalStateException("The nio transport was closed");
        boolean onLoop = false;
        for (EventLoop loop : loops) {
            loop.stop(cause);
            onLoop |= loop.inLoop();
        }
        tlsTasks.shutdown();
        if (!onLoop) {
            awaitLoops();
        }
    }

    private void awaitLoops() {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            for (EventLoop loop : loops) {
                long left = Math.max(1, deadline - System.nanoTime());
                if (!loop.thread().join(Duration.ofNanos(left))) {
                    LOG.debug("Event loop {} still running after close", loop.thread().getName());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The nio transport is closed");
        }
    }

    /** A loop met an error it cannot survive: every loop stops, so that no port stays open serving nobody. */
    private void stopAll(Throwable cause) {
        for (EventLoop loop : loops) {
            loop.stop(cause);
        }
    }

    /**
     * Returns the loops, for tests.
     *
     * @return the loops
     */
    List<EventLoop> loops() {
        return List.of(loops);
    }

    private EventLoop nextLoop() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * Counts the selects of every loop, for tests.
     *
     * @return the selects made so far by all loops
     */
    long selects() {
        return Arrays.stream(loops).mapToLong(EventLoop::selects).sum();
    }

    /**
     * Returns the loops' threads, for tests that watch them.
     *
     * @return the threads, one per loop
     */
    List<Thread> loopThreads() {
        return Arrays.stream(loops).map(EventLoop::thread).toList();
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed: {}", socket, e.toString());
        }
    }
}
