package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.CloseReason;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.Message;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.spi.Extension;
import dev.wskit.transport.Compression;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.WebSocketMetrics;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection, for any transport and either side. To the application it is the browser-shaped
 * {@link WebSocket} (sends that queue in order and never block, {@code close(code, reason)} validated as the
 * browser validates it, backpressure signals); to the transport it is the {@link ConnectionHandler} that consumes
 * and produces bytes. It is composed of its {@link HandshakePhase} (RFC 6455 §4: wskit's server, its client, or a
 * hosting HTTP server's upgrade), the {@link Session} that runs the protocol after it (§5–§7, with the send queue,
 * the lock and the timers), the {@link EventBridge} that tells the listener, and the {@link Outbox} of the
 * application's sends. Thread-safe.
 */
public final class Connection implements WebSocket, ConnectionHandler {
    static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final VarHandle ATTRIBUTES;

    static {
        try {
            ATTRIBUTES = MethodHandles.lookup().findVarHandle(Connection.class, "attributes", Map.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HandshakePhase phase;
    private final Role role;
    private final Session session;
    private final Outbox outbox;
    /** The session's send queue, which the application's buffered amount and writability read. */
    final SendQueue sends;
    /** Made at the first {@link #attributes()}: most connections never ask for it. */
    private volatile Map<String, Object> attributes;
    private volatile String subprotocol = "";
    private volatile String extensions = "";
    private volatile URI uri;
    private volatile boolean abortedOpen;

    /** Creates a connection of one side, with its budget for messages in assembly or {@code null}. */
    Connection(HandshakePhase phase, Role role, ConnectionSettings settings, MessageBudget inboundBudget,
               NanoClock clock) {
        this.phase = phase;
        this.role = role;
        this.session = new Session(this, phase, role, settings, inboundBudget, clock);
        this.outbox = session.outbox;
        this.sends = session.sends;
    }

    // ---- for the handshake phase, under the lock ----

    /** Queues bytes of the handshake (a request, a response, a rejection) ahead of any frame. */
    void queueHandshakeOutput(ByteBuffer bytes, boolean thenClose) {
        session.queueHandshakeOutput(bytes, thenClose);
    }

    /** Measures this connection for its endpoint, once the endpoint is known (before {@link #open}). */
    void measure(WebSocketMetrics metrics, EndpointTags tags) {
        session.measure(metrics, tags);
    }

    /** Completes the handshake with what was agreed: starts the engine and feeds it the bytes that followed. */
    void open(List<Extension> agreed, String protocol, String extensionsHeader, URI connectionUri,
              WebSocket.Listener listener, ByteBuffer leftover) {
        this.subprotocol = protocol;
        this.extensions = extensionsHeader;
        this.uri = connectionUri;
        session.open(agreed, listener, leftover);
    }

    /** Runs a task once the lock is released (completing a future must not run user code under the lock). */
    void afterUnlock(Runnable task) {
        session.guard.afterUnlock(task);
    }

    /** Returns the transport's side of the connection, once connected. */
    TransportChannel channel() {
        return session.channel;
    }

    /** Returns the connection's measurements, or {@code null} without metrics. */
    ConnectionProbe probe() {
        return session.probe();
    }

    /** Starts the close handshake with a code valid on the wire (or {@code null} for none) and a checked reason. */
    CompletableFuture<Void> closeWith(CloseCode code, String reason) {
        return outbox.close(code, reason);
    }

    /**
     * Tells whether this side ended the open connection: the application closed or aborted it (or its listener
     * failed, which closes with 1011), as opposed to the peer or the network.
     *
     * @return true once this side started the close or aborted
     */
    public boolean isClosedByThisSide() {
        return session.closeRequested || abortedOpen;
    }

    // ---- WebSocket: called by the application ----

    @Override
    public ReadyState readyState() {
        return session.readyState();
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        return outbox.enqueue(new Outgoing.Data(Opcode.TEXT, utf8(text), true, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        // read through a view: the caller's position and limit stay as they are, so one buffer can go to many
        return outbox.enqueue(new Outgoing.Data(Opcode.BINARY, data.duplicate(), true, new CompletableFuture<>()));
    }

    @Override
    public boolean offerText(CharSequence text) {
        return outbox.offer(Opcode.TEXT, utf8(text));
    }

    @Override
    public boolean offerBinary(ByteBuffer data) {
        return outbox.offer(Opcode.BINARY, data.duplicate());
    }

    /** Encodes text once, on the sending thread: a String is valid UTF-8 once encoded (RFC 6455 §5.6). */
    private static ByteBuffer utf8(CharSequence text) {
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text, Compression compression) {
        return outbox.enqueue(new Outgoing.Data(Opcode.TEXT, utf8(text), compression == Compression.AUTO,
            new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data, Compression compression) {
        return outbox.enqueue(new Outgoing.Data(Opcode.BINARY, data.duplicate(), compression == Compression.AUTO,
            new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence fragment, boolean last) {
        return outbox.enqueue(new Outgoing.Fragment(Opcode.TEXT, utf8(fragment), last, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer fragment, boolean last) {
        return outbox.enqueue(new Outgoing.Fragment(Opcode.BINARY, fragment.duplicate(), last,
            new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> send(PreparedMessage message) {
        return outbox.enqueue(new Outgoing.Encoded(message, new CompletableFuture<>()));
    }

    /** Refuses at once on a client: a prepared frame is unmasked, and every client frame needs a fresh mask. */
    @Override
    public boolean offer(PreparedMessage message) {
        // RFC 6455 §5.3: a client masks every frame with a new key
        return role == Role.SERVER && outbox.offer(message);
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer data) {
        // copied: the Ping may wait in the send queue, and the caller may reuse its buffer at once
        return outbox.sendControl(new Message.Ping(Event.copy(data)), data.remaining());
    }

    @Override
    public CompletableFuture<Void> pong(ByteBuffer data) {
        return outbox.sendControl(new Message.Pong(Event.copy(data)), data.remaining());
    }

    @Override
    public CompletableFuture<Void> close() {
        return closeWith(null, "");
    }

    @Override
    public CompletableFuture<Void> close(int code, String reason) {
        CloseCode closeCode = CloseCode.of(code);
        if (!closeCode.isSendable()) {
            throw new IllegalArgumentException("Close code must be 1000 or 3000-4999: " + code);
        }
        return closeWith(closeCode, CloseReason.validate(reason));
    }

    @Override
    public CompletableFuture<Void> close(CloseCode code, String reason) {
        if (!code.isValidOnWire()) {
            throw new IllegalArgumentException("Close code not valid on the wire: " + code);
        }
        return closeWith(code, CloseReason.validate(reason));
    }

    @Override
    public void abort() {
        if (session.isOpened()) {
            abortedOpen = true;
        }
        ConnectionProbe probe = session.probe();
        if (probe != null) {
            probe.abortedLocally();
        }
        TransportChannel current = session.channel;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return session.closed.minimalCompletionStage();
    }

    @Override
    public long bufferedAmount() {
        return sends.bufferedAmount();
    }

    @Override
    public boolean isWritable() {
        return sends.isWritable();
    }

    @Override
    public void pauseReading() {
        session.pauseReading(true);
    }

    @Override
    public void resumeReading() {
        session.pauseReading(false);
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public String extensions() {
        return extensions;
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        TransportChannel current = session.channel;
        return current == null ? null : current.remoteAddress();
    }

    @Override
    public boolean isSecure() {
        TransportChannel current = session.channel;
        return current != null && current.isSecure();
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            ATTRIBUTES.compareAndSet(this, null, new ConcurrentHashMap<String, Object>());
            map = attributes;
        }
        return map;
    }

    // ---- ConnectionHandler: called by the transport ----

    @Override
    public void onConnected(TransportChannel channel) {
        session.transport.connected(channel);
    }

    @Override
    public void onReceived(ByteBuffer data) {
        session.transport.received(data);
    }

    @Override
    public boolean hasOutput() {
        return session.transport.hasOutput();
    }

    @Override
    public int produce(ByteBuffer dst) {
        int start = dst.position();
        session.transport.produce(dst, Long.MAX_VALUE);
        return dst.position() - start;
    }

    @Override
    public ByteBuffer produceGathering(ByteBuffer dst, int minDetached) {
        return session.transport.produce(dst, minDetached);
    }

    @Override
    public void onOutputFlushed() {
        session.transport.flushed();
    }

    @Override
    public void onOutputProgress() {
        session.transport.progressed();
    }

    @Override
    public void onTimer(long nowNanos) {
        session.transport.timer(nowNanos);
    }

    @Override
    public void onInternalError(Throwable cause) {
        session.events.add(new Event.Error(cause));
        closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
    }

    @Override
    public void onClosed(IOException cause) {
        session.transport.transportClosed(cause);
        phase.ended(this);
    }
}
