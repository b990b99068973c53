package dev.wskit.transport.internal;

import dev.wskit.codec.Role;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.spi.Extension;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import dev.wskit.transport.spi.TransportChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The protocol of one connection from the transport's side: its {@link Opening} (RFC 6455 §4), then the codec's
 * engine (§5–§7) with the send queue, the timers and the transport's requests (write, close, pause reading).
 *
 * <p>All protocol state is guarded by one lock, held only for non-blocking work; listener callbacks, future
 * completions and socket writes happen after it is released ({@link Completions}). When the transport makes
 * every call of a connection on one thread (an NIO event loop), the connection is confined to that thread from
 * the moment it connects: the {@link Guard} takes no lock there, and other threads hand their sends, Closes and
 * reports over ({@link Handover}), so the read and write paths take none. Deadlines are read from a
 * {@link NanoClock}, so that tests can drive them.
 *
 * <p>The ready state is the engine's ({@link dev.wskit.codec.engine.EngineState#readyState()}), with two facts
 * the engine cannot know: the handshake has not finished (CONNECTING) or failed (CLOSED), and the application has
 * asked to close while its Close still waits behind queued messages (CLOSING, as the browser reports at once).
 *
 * <p>Its parts: the {@link Guard} (the lock and what a hold of it owes), the {@link TransportBridge} (the
 * transport's calls), the {@link Output} (bytes for the transport, and the write-stall watch), the
 * {@link EventBridge} (the engine's events for the listener) and the {@link ReadDemand}. Backpressure is applied by them, so that every transport behaves alike: the send queue's
 * limit, watermarks and overflow policy ({@link Outbox}), and reading paused while the application has too much
 * undelivered or asked for a pause. Metrics are measured by a {@link ConnectionProbe} that a connection without
 * metrics lacks: each hook is then one null check.
 */
final class Session {
    private static final VarHandle CLOSE_REQUESTED;

    static {
        try {
            CLOSE_REQUESTED = MethodHandles.lookup().findVarHandle(Session.class, "closeRequested", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final NanoClock clock;
    final SendQueue sends;
    final EventBridge events;
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final ConnectionSettings settings;
    volatile TransportChannel channel;
    /** Set once, by whichever thread asks first ({@link #requestClose}). */
    volatile boolean closeRequested;
    final Guard guard = new Guard();
    final Handover handover = new Handover(this);
    final Outbox outbox;
    /** The transport's calls into this session. */
    final TransportBridge transport;
    private final Connection connection;
    private final Opening opening;
    private final ReadDemand demand;
    private final Role role;
    private final MessageBudget inboundBudget;
    private final Output output;
    private final InboundGate inbound = new InboundGate();
    private volatile WebSocketEngine engine;
    private ConnectionProbe probe;
    /** Whether binary messages read as one frame are lent to the listener (see {@link #lendsBinary}). */
    private boolean lendsBinary;

    /**
     * Creates the protocol side of a connection.
     *
     * @param connection the application's handle, passed to its listener and to the phase
     * @param phase the opening handshake
     * @param role this side
     * @param settings limits, timeouts, backpressure and where callbacks run
     * @param inboundBudget the memory budget that messages in assembly share, or {@code null} for none
     * @param clock where deadlines are read from
     */
    Session(Connection connection, HandshakePhase phase, Role role, ConnectionSettings settings,
            MessageBudget inboundBudget, NanoClock clock) {
        this.connection = connection;
        this.opening = new Opening(phase, settings.handshakeTimeout());
        this.role = role;
        this.settings = settings;
        this.clock = clock;
        this.inboundBudget = inboundBudget;
        this.sends = new SendQueue(settings.backpressure());
        this.events = new EventBridge(this, connection, settings.callbackExecutor());
        this.demand = ReadDemand.of(this, inbound);
        this.output = new Output(this, connection, opening, inbound);
        this.outbox = new Outbox(this, connection);
        this.transport = new TransportBridge(this, connection, opening, output, inbound);
    }

    /**
     * Measures this connection for its endpoint, once the endpoint is known (before {@link #open}).
     *
     * @param metrics the installed metrics
     * @param tags the endpoint and transport
     */
    void measure(WebSocketMetrics metrics, EndpointTags tags) {
        probe = ConnectionProbe.of(metrics, tags);
        events.measure(probe);
    }

    /** Returns the connection's measurements, or {@code null} without metrics. */
    ConnectionProbe probe() {
        return probe;
    }

    /** Queues bytes of the handshake ahead of any frame, and whether the connection closes once they are written. */
    void queueHandshakeOutput(ByteBuffer bytes, boolean thenClose) {
        opening.queueOutput(bytes, thenClose);
    }

    /** Under the lock: starts the engine and feeds it the bytes that followed the handshake. */
    void open(List<Extension> agreed, WebSocket.Listener listener, ByteBuffer leftover) {
        events.listen(listener);
        engine = new WebSocketEngine(role, settings.engine(), agreed, events, inboundBudget, sends);
        sends.attach(engine);
        // events reach the application after the engine's lock is released: its Close waits for them (and for
        // the replies they prompt), so that replies to messages received before a Close or a failure go first
        engine.awaitDeliveryBeforeClose();
        opening.opened();
        events.add(new Event.Open());
        if (probe != null) {
            probe.opened(connection, clock.nanoTime());
        }
        engine.onTimer(clock.nanoTime());
        if (leftover.hasRemaining()) {
            inbound.feed(engine, leftover);
        }
    }

    /**
     * Tells whether the binary message the engine delivers now may be lent to the listener: asked for, and its
     * event delivered on this thread before the bytes given to the engine change. That holds on a confined
     * connection whose callbacks run inline: every hold that feeds the engine delivers its events as it ends,
     * on the serving thread, which alone delivers them; the bytes are the transport's read buffer, reused only
     * after the call that received them returns.
     */
    boolean lendsBinary() {
        return lendsBinary && engine.isPayloadFromInput();
    }

    /** Tells whether the engine runs: the handshake succeeded. */
    boolean isOpened() {
        return engine != null;
    }

    /** Returns the engine, or {@code null} before the handshake succeeded. */
    WebSocketEngine engine() {
        return engine;
    }

    /** Returns the bytes received so far, for metrics. */
    long bytesIn() {
        return transport.bytesIn();
    }

    /** Returns the bytes handed to the transport so far, for metrics. */
    long bytesOut() {
        return output.bytesOut();
    }

    /** Returns the browser's ready state of this connection, derived as the class comment says. */
    ReadyState readyState() {
        WebSocketEngine current = engine;
        if (current == null) {
            return opening.hasEnded() ? ReadyState.CLOSED : ReadyState.CONNECTING;
        }
        ReadyState state = current.state().readyState();
        return state == ReadyState.OPEN && closeRequested ? ReadyState.CLOSING : state;
    }

    /**
     * Called once the listener has handled a message event: the engine hears of it, after the sends the
     * application queued until then, so that a Close it holds back goes after them.
     */
    void messageHandled() {
        if (!guard.enter()) {
            handover.messageHandled();
            return;
        }
        boolean released = false;
        try {
            released = noteMessageHandled();
        } finally {
            if (released) {
                unlockAndAct();
            } else {
                guard.unlock();
            }
        }
    }

    /**
     * Under the hold: the listener has handled a message, after the sends queued so far.
     *
     * @return true when that released a Close the engine held back
     */
    boolean noteMessageHandled() {
        return engine != null && inbound.messageHandled(engine);
    }

    /**
     * Marks the close handshake as asked for by this side, once.
     *
     * @return true for the first ask, whose Close the caller queues
     */
    boolean requestClose() {
        return CLOSE_REQUESTED.compareAndSet(this, false, true);
    }

    /**
     * The transport confines the connection to its serving thread: binary messages are lent to the listener when
     * asked for and its callbacks run inline (see {@link #lendsBinary}).
     */
    void confined() {
        lendsBinary = settings.lendBinary() && settings.callbackExecutor() == null;
    }

    /** On the serving thread of a confined connection, woken by its transport: queues what was handed over. */
    void takeHandedOver() {
        guard.lock();
        try {
            handover.takeAll(outbox);
        } finally {
            unlockAndAct();
        }
    }

    /**
     * Releases the lock, then does what this hold of it owes: completions, events, and the transport's
     * requests (the timer, a write, a close).
     */
    void unlockAndAct() {
        Completions completions;
        boolean write;
        boolean closeNow;
        boolean rejected;
        TransportChannel current = channel;
        try {
            write = output.waits();
            rejected = opening.closesAfterOutput();
            closeNow = rejected || (engine != null && engine.isTransportCloseDue());
            long deadline = engine != null
                ? Math.min(engine.nextDeadline(), output.stallDeadline(write)) : opening.deadline();
            if (current != null) {
                // under the lock, so that threads racing here cannot hand the transport their deadlines out of order
                current.scheduleTimer(deadline);
            }
        } finally {
            completions = guard.release();
        }
        if (completions != null) {
            completions.runAndRelease();
        }
        events.drain();
        if (current != null) {
            act(current, write, closeNow, rejected);
        }
    }

    /**
     * Asks the transport for what this hold of the lock found due: a close (lingering for a rejected handshake,
     * which implies it), or a write; then adjusts reading.
     */
    private void act(TransportChannel current, boolean write, boolean closeNow, boolean rejected) {
        if (rejected) {
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

    /** The application asks to pause reading from the peer, or to resume it. */
    void pauseReading(boolean paused) {
        demand.pauseByApplication(paused);
        demand.refresh();
    }

    /** Pauses or resumes reading from the peer as {@link ReadDemand} decides. */
    void refreshDemand() {
        demand.refresh();
    }
}
