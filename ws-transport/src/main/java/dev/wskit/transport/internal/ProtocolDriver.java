package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.EngineListener;
import dev.wskit.codec.engine.EngineState;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.spi.Extension;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-facing half of a connection: the opening handshake (left to the subclass for each side,
 * RFC 6455 §4.1 and §4.2), then the codec's engine (§5–§7), the send queue and event delivery. The
 * application-facing half, the {@link WebSocket} API, is {@link Connection}.
 *
 * <p>All protocol state is guarded by one lock, held only for non-blocking work; listener callbacks, future
 * completions and socket writes happen after it is released ({@link Completions}). Deadlines are read from a
 * {@link NanoClock}, so that tests can drive them.
 *
 * <p>The ready state is the engine's ({@link dev.wskit.codec.engine.EngineState#readyState()}), with two facts
 * the engine cannot know: the handshake has not finished (CONNECTING) or failed (CLOSED), and the application has
 * asked to close while its Close still waits behind queued messages (CLOSING, as the browser reports at once).
 *
 * <p>Backpressure is applied here, so that every transport behaves alike: the send queue's limit, watermarks
 * and overflow policy, and reading paused while the application has too much undelivered or asked for a pause.
 *
 * <p>Metrics are measured here too, by a {@link ConnectionProbe} that a connection without metrics lacks: each
 * hook is then one null check, and the only cost left is counting the bytes in and out.
 */
abstract class ProtocolDriver implements ConnectionHandler, EngineListener {
    static final Logger LOG = LoggerFactory.getLogger(ProtocolDriver.class);
    private static final WebSocket.Listener NO_LISTENER = new WebSocket.Listener() { };

    final ReentrantLock lock = new ReentrantLock();
    final NanoClock clock;
    final EventQueue events;
    final SendQueue sends;
    final Backpressure backpressure;
    final EngineConfig engineConfig;
    final MessageBudget inboundBudget;
    final WriteStall writeStall;
    final long handshakeTimeoutNanos;
    final Map<String, Object> attributes = new ConcurrentHashMap<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile TransportChannel channel;
    volatile boolean handshakeEnded;
    volatile boolean closeRequested;
    volatile WebSocket.Listener listener = NO_LISTENER;
    volatile boolean appPaused;
    volatile boolean readsPaused;
    volatile String subprotocol = "";
    volatile String extensions = "";
    volatile URI uri;
    volatile WebSocketEngine engine;
    ByteBuffer handshakeOutput;
    boolean producedUnflushed;
    boolean closeAfterHandshakeOutput;
    long handshakeDeadline = Long.MAX_VALUE;
    long deadline = Long.MAX_VALUE;
    long bytesIn;
    long bytesOut;
    ConnectionProbe probe;
    private ConnectionProbe messageProbe;
    private final Completions.Pool completionPool = new Completions.Pool();
    private Completions owed;
    private final Consumer<Throwable> onListenerFailure = this::listenerFailed;
    final InboundGate inbound = new InboundGate();

    /**
     * Creates the protocol side of a connection.
     *
     * @param engineConfig limits and timeouts after the handshake
     * @param handshakeTimeoutMillis how long the opening handshake may take
     * @param backpressure the send queue's limits and the receive-side limit
     * @param callbackExecutor where listener callbacks run, or {@code null} for the transport's threads
     * @param inboundBudget the memory budget that messages in assembly share, or {@code null} for none
     * @param clock where deadlines are read from
     */
    ProtocolDriver(EngineConfig engineConfig, long handshakeTimeoutMillis, Backpressure backpressure,
                   Executor callbackExecutor, MessageBudget inboundBudget, NanoClock clock) {
        this.clock = clock;
        this.engineConfig = engineConfig;
        this.inboundBudget = inboundBudget;
        this.writeStall = new WriteStall(backpressure.writeStallTimeout());
        this.handshakeTimeoutNanos = handshakeTimeoutMillis * 1_000_000L;
        this.backpressure = backpressure;
        this.sends = new SendQueue(backpressure);
        this.events = new EventQueue(callbackExecutor, this::refreshDemand, this::messageHandled);
    }

    /** Called under the lock when the transport is connected: a client writes its request here. */
    protected abstract void handshakeStarted();

    /**
     * Called under the lock with bytes that arrive before the handshake completed.
     *
     * @param data the bytes
     */
    protected abstract void handshakeReceived(ByteBuffer data);

    /**
     * Called under the lock when the handshake can no longer complete (timeout, or the connection ended).
     *
     * @param cause why
     */
    protected abstract void handshakeFailed(Throwable cause);

    /**
     * Queues bytes of the handshake (a request, a response, a rejection) ahead of any frame.
     *
     * @param bytes the bytes
     * @param thenClose whether the connection closes once they are written
     */
    protected final void queueHandshakeOutput(ByteBuffer bytes, boolean thenClose) {
        handshakeOutput = bytes;
        closeAfterHandshakeOutput = thenClose;
    }

    /**
     * Measures this connection for its endpoint, once the endpoint is known (before {@link #open}).
     *
     * @param metrics the installed metrics
     * @param tags the endpoint and transport
     */
    protected final void measure(WebSocketMetrics metrics, EndpointTags tags) {
        probe = ConnectionProbe.of(metrics, tags);
        messageProbe = probe != null && probe.countsMessages() ? probe : null;
    }

    /**
     * Completes the handshake: starts the engine and feeds it the bytes that followed the handshake.
     *
     * @param role this side
     * @param agreed the negotiated extensions
     * @param protocol the agreed subprotocol, empty when none
     * @param extensionsHeader the agreed extensions as the header said them
     * @param connectionUri the URI of the connection
     * @param appListener the application's listener
     * @param leftover bytes received after the handshake's head
     */
    protected final void open(Role role, List<Extension> agreed, String protocol, String extensionsHeader,
                              URI connectionUri, WebSocket.Listener appListener, ByteBuffer leftover) {
        this.listener = appListener;
        this.subprotocol = protocol;
        this.extensions = extensionsHeader;
        this.uri = connectionUri;
        this.engine = new WebSocketEngine(role, engineConfig, agreed, this, inboundBudget);
        // events reach the application after the engine's lock is released: its Close waits for them (and for
        // the replies they prompt), so that replies to messages received before a Close or a failure go first
        engine.awaitDeliveryBeforeClose();
        handshakeDeadline = Long.MAX_VALUE;
        events.add(new Event.Open());
        if (probe != null) {
            probe.opened(handle(), clock.nanoTime());
        }
        engine.onTimer(clock.nanoTime());
        if (leftover.hasRemaining()) {
            inbound.feed(engine, leftover);
        }
    }

    /**
     * Called once the listener has handled a message event: the engine hears of it when the sends the
     * application queued until then have left the send queue for the engine, so that its Close goes after them.
     */
    private void messageHandled() {
        boolean released = false;
        lock.lock();
        try {
            inbound.messageHandled(sends);
            released = engine != null && inbound.report(engine, sends);
        } finally {
            if (released) {
                unlockAndAct();
            } else {
                lock.unlock();
            }
        }
    }

    /**
     * Runs a task once the lock is released (completing a future must not run user code under the lock).
     *
     * @param task the task
     */
    protected final void afterUnlock(Runnable task) {
        owed().run(task);
    }

    /**
     * Returns what this hold of the lock owes for after it, claimed on first use. Call under the lock.
     *
     * @return the completions that {@link #unlockAndAct} runs
     */
    final Completions owed() {
        if (owed == null) {
            owed = completionPool.claim();
        }
        return owed;
    }

    /**
     * Returns the browser's ready state of this connection, derived as the class comment says.
     *
     * @return CONNECTING, OPEN, CLOSING or CLOSED
     */
    final ReadyState readyStateNow() {
        WebSocketEngine current = engine;
        if (current == null) {
            return handshakeEnded ? ReadyState.CLOSED : ReadyState.CONNECTING;
        }
        ReadyState state = current.state().readyState();
        return state == ReadyState.OPEN && closeRequested ? ReadyState.CLOSING : state;
    }

    /**
     * Returns the transport's side of the connection.
     *
     * @return the channel, once connected
     */
    protected final TransportChannel channel() {
        return channel;
    }

    // ---- ConnectionHandler: called by the transport ----

    @Override
    public void onConnected(TransportChannel transportChannel) {
        this.channel = transportChannel;
        lock.lock();
        try {
            handshakeDeadline = clock.nanoTime() + handshakeTimeoutNanos;
            handshakeStarted();
        } finally {
            unlockAndAct();
        }
    }

    @Override
    public void onReceived(ByteBuffer data) {
        lock.lock();
        try {
            bytesIn += data.remaining();
            if (engine != null) {
                inbound.feed(engine, data);
                engine.onTimer(clock.nanoTime());
            } else if (!handshakeEnded && !closeAfterHandshakeOutput) {
                handshakeReceived(data);
            } else {
                // the rest of a rejected request, read only so that closing does not reset the connection
                data.position(data.limit());
            }
        } finally {
            unlockAndAct();
        }
    }

    @Override
    public boolean hasOutput() {
        lock.lock();
        try {
            return handshakeOutput != null
                || (engine != null && (engine.hasOutput() || sends.hasOutputFor(engine)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int produce(ByteBuffer dst) {
        int start = dst.position();
        produceInto(dst, Long.MAX_VALUE);
        return dst.position() - start;
    }

    @Override
    public ByteBuffer produceGathering(ByteBuffer dst, int minDetached) {
        return produceInto(dst, minDetached);
    }

    private ByteBuffer produceInto(ByteBuffer dst, long minDetached) {
        int produceStart = dst.position();
        ByteBuffer detached = null;
        Completions completions;
        lock.lock();
        try {
            completions = owed();
            if (handshakeOutput != null) {
                copyHandshakeOutput(dst);
            }
            if (engine != null && handshakeOutput == null) {
                int start;
                do {
                    sends.pump(engine, completions);
                    inbound.report(engine, sends);
                    start = dst.position();
                    detached = engine.wrapGathering(dst, minDetached);
                    inbound.retry(engine);
                } while (detached == null && dst.position() > start && dst.hasRemaining());
                sends.pump(engine, completions);
                inbound.report(engine, sends);
                noteProduced(dst.position() > produceStart || detached != null);
            }
            bytesOut += dst.position() - produceStart + (detached == null ? 0 : detached.remaining());
        } finally {
            owed = null;
            lock.unlock();
        }
        completions.runAndRelease();
        events.drain(listener, handle(), onListenerFailure);
        refreshDemand();
        return detached;
    }

    /** Called under the lock after producing: output handed to the socket is progress of the write. */
    private void noteProduced(boolean produced) {
        if (produced) {
            producedUnflushed = true;
            long now = clock.nanoTime();
            if (writeStall.needsStart(true)) {
                writeStall.startWaiting(now);
            }
            writeStall.progressed(now);
        }
    }

    void copyHandshakeOutput(ByteBuffer dst) {
        int count = Math.min(dst.remaining(), handshakeOutput.remaining());
        ByteBuffer piece = handshakeOutput.slice(handshakeOutput.position(), count);
        dst.put(piece);
        handshakeOutput.position(handshakeOutput.position() + count);
        if (!handshakeOutput.hasRemaining()) {
            handshakeOutput = null;
        }
    }

    @Override
    public void onOutputFlushed() {
        lock.lock();
        try {
            sends.flushed(owed());
            long now = clock.nanoTime();
            if (producedUnflushed) {
                producedUnflushed = false;
                writeStall.progressed(now);
            }
            if (sends.regainedWritability()) {
                events.add(new Event.Writable());
                if (probe != null) {
                    probe.sendResumed(handle(), sends.bufferedAmount());
                }
            }
            if (engine != null) {
                engine.onTimer(now);
            }
        } finally {
            unlockAndAct();
        }
    }

    @Override
    public void onOutputProgress() {
        lock.lock();
        try {
            writeStall.progressed(clock.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onTimer(long nowNanos) {
        lock.lock();
        try {
            if (engine != null && writeStall.isStalled(nowNanos)) {
                writeStalled();
            } else if (engine != null) {
                engine.onTimer(nowNanos);
            } else if (!handshakeEnded && nowNanos - handshakeDeadline >= 0) {
                handshakeFailed(new SocketTimeoutException(
                    "Opening handshake timed out after " + handshakeTimeoutNanos / 1_000_000L + " ms"));
                handshakeEnded = true;
                afterUnlock(channel::abort);
            }
        } finally {
            unlockAndAct();
        }
    }

    @Override
    public void onInternalError(Throwable cause) {
        events.add(new Event.Error(cause));
        closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
    }

    @Override
    public void onClosed(IOException cause) {
        Completions completions;
        lock.lock();
        try {
            completions = owed();
            if (engine != null) {
                engine.onTransportClosed();
            } else if (!handshakeEnded) {
                handshakeFailed(cause != null ? cause : new IOException("Connection closed during the handshake"));
            }
            handshakeEnded = true;
            Throwable failure = cause != null ? cause : new IOException("Connection closed");
            sends.failAll(failure, completions);
        } finally {
            owed = null;
            lock.unlock();
        }
        completions.runAndRelease();
        closed.complete(null);
        events.drain(listener, handle(), onListenerFailure);
    }

    /**
     * Called under the lock when output has made no progress for the write-stall timeout: the peer does not
     * read. Nothing more can reach it, not even a Close, so the socket is closed (from this thread, which
     * releases a writer blocked on it) and the connection ends with 1006 (RFC 6455 §7.1.5).
     */
    private void writeStalled() {
        IOException stall = new IOException("Write stalled: no output written for " + writeStall.timeout()
            + " (the peer does not read); closing the connection");
        LOG.debug("Connection to {}: {}", uri, stall.getMessage());
        events.add(new Event.Error(stall));
        if (probe != null) {
            probe.abortedLocally();
        }
        TransportChannel current = channel;
        if (current != null) {
            afterUnlock(current::abort);
        }
    }

    void unlockAndAct() {
        Completions completions;
        boolean write;
        boolean closeNow;
        boolean rejected;
        TransportChannel current = channel;
        try {
            write = handshakeOutput != null
                || (engine != null && (engine.hasOutput() || sends.hasOutputFor(engine)));
            rejected = closeAfterHandshakeOutput;
            closeNow = rejected || (engine != null && engine.isTransportCloseDue());
            deadline = engine != null ? Math.min(engine.nextDeadline(), stallDeadline(write)) : handshakeDeadline;
            if (current != null) {
                // under the lock, so that threads racing here cannot hand the transport their deadlines out of order
                current.scheduleTimer(deadline);
            }
            completions = owed;
        } finally {
            owed = null;
            lock.unlock();
        }
        if (completions != null) {
            completions.runAndRelease();
        }
        events.drain(listener, handle(), onListenerFailure);
        if (current == null) {
            return;
        }
        if (closeNow && rejected) {
            // the client may still be sending its request: a plain close could reset the connection, and the
            // reset destroy the response before the client reads it
            current.closeLingering();
        } else if (closeNow) {
            current.close();
        } else if (write) {
            current.requestWrite();
        }
        refreshDemand();
    }

    /** Under the lock: the deadline of the write-stall check, started when output begins to wait. */
    private long stallDeadline(boolean outputQueued) {
        boolean pending = outputQueued || producedUnflushed;
        if (writeStall.needsStart(pending)) {
            writeStall.startWaiting(clock.nanoTime());
        } else if (!pending) {
            writeStall.idle();
        }
        return writeStall.deadline();
    }

    /**
     * Pauses or resumes reading from the peer: paused while the application asked for it, while more than
     * the receive-side limit waits undelivered (resumed when half of that is left), or while the engine owes so
     * many Pongs that received bytes wait for it.
     */
    void refreshDemand() {
        if (wantsPause() == readsPaused) {
            return;
        }
        lock.lock();
        try {
            boolean pause = wantsPause();
            TransportChannel current = channel;
            if (pause != readsPaused && current != null) {
                readsPaused = pause;
                current.pauseReading(pause);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean wantsPause() {
        long limit = backpressure.maxUndelivered();
        return appPaused || inbound.isHolding() || events.undeliveredBytes() > (readsPaused ? limit / 2 : limit);
    }

    void listenerFailed(Throwable e) {
        if (e instanceof Error) {
            // an Error is no application's routine failure: say it loudly, and let the other connections go on
            LOG.error("Listener of {} threw {}; closing the connection with 1011", uri, e.toString(), e);
        } else {
            // never invisible: the application hears it in onError too, but a listener that logs nothing there
            // would otherwise lose it
            LOG.warn("Listener of {} threw {}; closing the connection with 1011", uri, e.toString(), e);
        }
        events.add(new Event.Error(e));
        closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
    }

    // ---- EngineListener: called by the engine under the lock ----

    @Override
    public void onText(String text) {
        if (messageProbe != null) {
            messageProbe.textReceived(text);
        }
        events.add(new Event.Text(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (messageProbe != null) {
            messageProbe.messageReceived(Opcode.BINARY, data.remaining());
        }
        events.add(new Event.Binary(Event.copy(data)));
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        if (messageProbe != null) {
            messageProbe.chunkReceived(Opcode.TEXT, utf8.remaining(), last);
        }
        events.add(new Event.Chunk(true, Event.copy(utf8), last));
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        if (messageProbe != null) {
            messageProbe.chunkReceived(Opcode.BINARY, data.remaining(), last);
        }
        events.add(new Event.Chunk(false, Event.copy(data), last));
    }

    @Override
    public void onMessageEncoded(long payloadLength, long wireLength) {
        if (messageProbe != null) {
            messageProbe.compressed(payloadLength, wireLength);
        }
    }

    @Override
    public void onMessageDecoded(long wireLength, long payloadLength) {
        if (messageProbe != null) {
            messageProbe.inflated(wireLength, payloadLength);
        }
    }

    @Override
    public void onPing(ByteBuffer data) {
        events.add(new Event.Control(true, Event.copy(data)));
    }

    @Override
    public void onPong(ByteBuffer data) {
        if (probe != null) {
            probe.pongReceived(clock.nanoTime());
        }
        events.add(new Event.Control(false, Event.copy(data)));
    }

    @Override
    public void onKeepalivePing(long nowNanos) {
        if (probe != null) {
            probe.pingSent(nowNanos);
        }
    }

    @Override
    public void onCloseReceived(CloseCode code, String reason) {
        // readyState turns CLOSING when the engine stops taking data: its reply may wait for replies to go first
        if (probe != null && engine.state() == EngineState.OPEN && !closeRequested) {
            probe.peerClosedFirst();
        }
    }

    @Override
    public void onError(ProtocolException failure) {
        if (failure.getCause() instanceof Error error) {
            LOG.error("Connection to {} failed with {}; closing with {}", uri, error.toString(),
                failure.closeCode().code(), error);
        }
        if (probe != null) {
            probe.protocolError(failure.closeCode().code());
        }
        events.add(new Event.Error(failure));
    }

    @Override
    public void onClosed(CloseCode code, String reason, boolean wasClean) {
        events.add(new Event.Closed(code.code(), reason, wasClean));
        if (probe != null) {
            probe.closed(handle(), code.code(), reason, wasClean, closeRequested, clock.nanoTime(), bytesIn, bytesOut);
        }
        closed.complete(null);
    }

    /**
     * Starts the close handshake with any code valid on the wire.
     *
     * @param code the code, or {@code null} for an empty Close
     * @param reason the reason
     * @return completes when closed
     */
    abstract CompletableFuture<Void> closeWith(CloseCode code, String reason);

    /**
     * Returns the application's handle of this connection, passed to its listener.
     *
     * @return the handle
     */
    abstract WebSocket handle();
}
