package dev.wskit.transport;

import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.internal.Connection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Keeps a client connection to one URI open: when it drops (the server went away, the network failed) or a
 * connect fails, it connects again after a backoff its {@link ReconnectPolicy} sets (RFC 6455 §7.2.3), and
 * runs an {@code onReconnect} hook on each new connection, for example to subscribe again. It never reconnects
 * after a close this side asked for (through {@link #close()}, or the connection's own {@code close} or
 * {@code abort}), nor after a 4xx refusal of the handshake (by the server or a proxy), which another attempt
 * would meet again.
 *
 * <p>The listener hears every connection's events in turn, each with its own {@link WebSocket}, and one
 * {@code onClose} per connection. {@link #terminated()} tells when it stopped for good. Thread-safe.
 */
public final class Reconnector implements AutoCloseable {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("wskit-reconnect").daemon(true).factory());

    private final WebSocketClient client;
    private final URI uri;
    private final HttpHeaders headers;
    private final WebSocket.Listener listener;
    private final ReconnectPolicy policy;
    private final Consumer<WebSocket> onReconnect;
    private final ScheduledExecutorService timers;
    private final RandomGenerator random;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by the lock
    private boolean stopped;
    private boolean everOpened;
    private int failures;
    private WebSocket current;
    private Future<?> pending;

    private Reconnector(WebSocketClient client, URI uri, HttpHeaders headers, WebSocket.Listener listener,
                        ReconnectPolicy policy, Consumer<WebSocket> onReconnect, ScheduledExecutorService timers,
                        RandomGenerator random) {
        this.client = Objects.requireNonNull(client, "client");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onReconnect = Objects.requireNonNull(onReconnect, "onReconnect");
        this.timers = timers;
        this.random = random;
    }

    /**
     * Connects and keeps connecting.
     *
     * @param client the client that connects
     * @param uri the URI
     * @param headers the request headers of each connect, as {@link WebSocketClient#connect(URI, HttpHeaders,
     *     WebSocket.Listener)} takes them
     * @param listener hears each connection's events
     * @param policy when to retry
     * @param onReconnect runs with each connection after the first once it is open, on a transport thread
     * @return the running reconnector
     */
    public static Reconnector start(WebSocketClient client, URI uri, HttpHeaders headers, WebSocket.Listener listener,
                                    ReconnectPolicy policy, Consumer<WebSocket> onReconnect) {
        return start(client, uri, headers, listener, policy, onReconnect, TIMERS, RandomGenerator.getDefault());
    }

    /** Starts with a given scheduler for the delays and source of jitter, for tests. */
    static Reconnector start(WebSocketClient client, URI uri, HttpHeaders headers, WebSocket.Listener listener,
                             ReconnectPolicy policy, Consumer<WebSocket> onReconnect,
                             ScheduledExecutorService timers, RandomGenerator random) {
        Reconnector reconnector = new Reconnector(client, uri, headers, listener, policy, onReconnect, timers, random);
        reconnector.connect();
        return reconnector;
    }

    /**
     * Returns the connection open now. A new connection becomes current once its connect future completes, which
     * may be just after the listener's {@code onOpen} for it has begun: in {@code onOpen}, use the socket the
     * callback is given, not this; from the {@code onReconnect} hook on, this returns it.
     *
     * @return the connection, or empty between connections and after the end
     */
    public Optional<WebSocket> current() {
        lock.lock();
        try {
            return Optional.ofNullable(current);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns what completes when this reconnector stops for good.
     *
     * @return completes normally once the connection closed after {@link #close()} or a close this side asked
     *     for (after its {@code onClose}), exceptionally with the last connect's failure when a 4xx refusal came
     *     or the policy's attempts ran out
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Stops reconnecting and closes the connection open now with 1000, or gives up the connect under way. Any
     * thread; idempotent.
     */
    @Override
    public void close() {
        WebSocket open;
        lock.lock();
        try {
            stopped = true;
            open = current;
            if (pending != null) {
                pending.cancel(false);
            }
        } finally {
            lock.unlock();
        }
        if (open != null) {
            // terminated once its onClose has come
            open.close(1000, "");
        } else {
            terminated.complete(null);
        }
    }

    private void connect() {
        CompletableFuture<WebSocket> connecting = client.connect(uri, headers, new Forwarder());
        lock.lock();
        try {
            if (stopped) {
                connecting.cancel(false);
                return;
            }
            pending = connecting;
        } finally {
            lock.unlock();
        }
        connecting.whenComplete(this::connected);
    }

    private void connected(WebSocket socket, Throwable failure) {
        if (failure != null) {
            connectFailed(failure instanceof CompletionException wrapped && wrapped.getCause() != null
                ? wrapped.getCause() : failure);
            return;
        }
        boolean reconnected;
        lock.lock();
        try {
            if (stopped) {
                socket.close();
                return;
            }
            current = socket;
            failures = 0;
            reconnected = everOpened;
            everOpened = true;
        } finally {
            lock.unlock();
        }
        if (reconnected) {
            onReconnect.accept(socket);
        }
    }

    private void connectFailed(Throwable failure) {
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            failures++;
            if (isRefusal(failure) || !policy.allowsRetry(failures)) {
                stopped = true;
                terminated.completeExceptionally(failure);
                return;
            }
            schedule();
        } finally {
            lock.unlock();
        }
    }

    private void dropped(WebSocket socket) {
        lock.lock();
        try {
            boolean wasCurrent = current == socket;
            if (wasCurrent) {
                current = null;
            }
            if (stopped) {
                if (wasCurrent) {
                    terminated.complete(null);
                }
                return;
            }
            if (socket instanceof Connection connection && connection.isClosedByThisSide()) {
                stopped = true;
                terminated.complete(null);
                return;
            }
            schedule();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: connects again after the policy's delay. */
    private void schedule() {
        long delay = policy.delay(Math.max(failures - 1, 0), random).toNanos();
        pending = timers.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    /** A 4xx from the server or the proxy: the same request would be refused again. */
    private static boolean isRefusal(Throwable failure) {
        int status = switch (failure) {
            case HandshakeException refused -> refused.status();
            case ProxyException refused -> refused.status();
            default -> 0;
        };
        return status / 100 == 4;
    }

    /** Hands each connection's events to the listener, and notices when a connection ends. */
    private final class Forwarder implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket socket) {
            listener.onOpen(socket);
        }

        @Override
        public void onText(WebSocket socket, String text) {
            listener.onText(socket, text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            listener.onBinary(socket, data);
        }

        @Override
        public void onTextChunk(WebSocket socket, ByteBuffer utf8, boolean last) {
            listener.onTextChunk(socket, utf8, last);
        }

        @Override
        public void onBinaryChunk(WebSocket socket, ByteBuffer data, boolean last) {
            listener.onBinaryChunk(socket, data, last);
        }

        @Override
        public void onPing(WebSocket socket, ByteBuffer data) {
            listener.onPing(socket, data);
        }

        @Override
        public void onPong(WebSocket socket, ByteBuffer data) {
            listener.onPong(socket, data);
        }

        @Override
        public void onWritable(WebSocket socket) {
            listener.onWritable(socket);
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            listener.onError(socket, error);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            try {
                listener.onClose(socket, code, reason, wasClean);
            } finally {
                dropped(socket);
            }
        }
    }
}
