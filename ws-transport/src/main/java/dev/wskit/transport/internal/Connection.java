package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.CloseReason;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.codec.message.Message;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.Compression;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.spi.TransportChannel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One connection as the application sees it: the browser-shaped {@link WebSocket} API (sends that queue in
 * order and never block, {@code close(code, reason)} validated as the browser validates it, backpressure
 * signals) over the {@link ProtocolDriver} that runs RFC 6455 for any transport.
 */
public abstract class Connection extends ProtocolDriver implements WebSocket {

    /**
     * Creates a connection.
     *
     * @param engineConfig limits and timeouts after the handshake
     * @param handshakeTimeoutMillis how long the opening handshake may take
     * @param backpressure the send queue's limits and the receive-side limit
     * @param callbackExecutor where listener callbacks run, or {@code null} for the transport's threads
     * @param inboundBudget the memory budget that messages in assembly share, or {@code null} for none
     * @param clock where deadlines are read from
     */
    Connection(EngineConfig engineConfig, long handshakeTimeoutMillis, Backpressure backpressure,
               Executor callbackExecutor, MessageBudget inboundBudget, NanoClock clock) {
        super(engineConfig, handshakeTimeoutMillis, backpressure, callbackExecutor, inboundBudget, clock);
    }

    @Override
    final WebSocket handle() {
        return this;
    }


    @Override
    public ReadyState readyState() {
        return readyStateNow();
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text) {
        return enqueue(new Outgoing.Data(Opcode.TEXT, utf8(text), true, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        // read through a view: the caller's position and limit stay as they are, so one buffer can go to many
        return enqueue(new Outgoing.Data(Opcode.BINARY, data.duplicate(), true, new CompletableFuture<>()));
    }

    @Override
    public boolean offerText(CharSequence text) {
        return offerData(Opcode.TEXT, utf8(text));
    }

    @Override
    public boolean offerBinary(ByteBuffer data) {
        return offerData(Opcode.BINARY, data.duplicate());
    }

    /** Encodes text once, on the sending thread: a String is valid UTF-8 once encoded (RFC 6455 §5.6). */
    private static ByteBuffer utf8(CharSequence text) {
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence text, Compression compression) {
        return enqueue(new Outgoing.Data(Opcode.TEXT, utf8(text), compression == Compression.AUTO,
            new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data, Compression compression) {
        return enqueue(new Outgoing.Data(Opcode.BINARY, data.duplicate(), compression == Compression.AUTO,
            new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendText(CharSequence fragment, boolean last) {
        return enqueue(new Outgoing.Fragment(Opcode.TEXT, utf8(fragment), last, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer fragment, boolean last) {
        return enqueue(new Outgoing.Fragment(Opcode.BINARY, fragment.duplicate(), last, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> send(PreparedMessage message) {
        return enqueue(new Outgoing.Encoded(message, new CompletableFuture<>()));
    }

    @Override
    public boolean offer(PreparedMessage message) {
        lock.lock();
        try {
            // a reused entry: a broadcast allocates nothing per delivery
            return readyStateNow() == ReadyState.OPEN && offerReused(sends.encoded(message, null));
        } finally {
            unlockAndAct();
        }
    }

    @Override
    public CompletableFuture<Void> ping(ByteBuffer data) {
        // copied: the Ping may wait in the send queue, and the caller may reuse its buffer at once
        return sendControl(new Message.Ping(Event.copy(data)), data.remaining());
    }

    @Override
    public CompletableFuture<Void> pong(ByteBuffer data) {
        return sendControl(new Message.Pong(Event.copy(data)), data.remaining());
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
        return closeChecked(closeCode, reason);
    }

    @Override
    public CompletableFuture<Void> close(CloseCode code, String reason) {
        if (!code.isValidOnWire()) {
            throw new IllegalArgumentException("Close code not valid on the wire: " + code);
        }
        return closeChecked(code, reason);
    }

    private CompletableFuture<Void> closeChecked(CloseCode code, String reason) {
        return closeWith(code, CloseReason.validate(reason));
    }

    /**
     * Starts the close handshake with a code already checked (or {@code null} for an empty Close); a failure of
     * the listener closes with 1011 through here.
     *
     * @param code the code, or {@code null} for an empty Close
     * @param reason the reason
     * @return completes when closed
     */
    @Override
    CompletableFuture<Void> closeWith(CloseCode code, String reason) {
        lock.lock();
        try {
            ReadyState state = readyStateNow();
            if (state == ReadyState.OPEN) {
                startClose(code, reason);
            } else if (state == ReadyState.CONNECTING && channel != null) {
                // not under the lock: closing a TLS socket may block (and the timer thread needs the lock)
                afterUnlock(channel::abort);
            }
        } finally {
            unlockAndAct();
        }
        return closed;
    }

    @Override
    public void abort() {
        if (probe != null) {
            probe.abortedLocally();
        }
        TransportChannel current = channel;
        if (current != null) {
            current.abort();
        }
    }

    private void startClose(CloseCode code, String reason) {
        closeRequested = true;
        sends.add(new Outgoing.Close(code, reason, closed));
    }

    @Override
    public CompletionStage<Void> whenClosed() {
        return closed.minimalCompletionStage();
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
        appPaused = true;
        refreshDemand();
    }

    @Override
    public void resumeReading() {
        appPaused = false;
        refreshDemand();
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
        TransportChannel current = channel;
        return current == null ? null : current.remoteAddress();
    }

    @Override
    public boolean isSecure() {
        TransportChannel current = channel;
        return current != null && current.isSecure();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    private CompletableFuture<Void> enqueue(Outgoing send) {
        // read first: once queued, a reused entry may be written, released and taken again by another thread
        CompletableFuture<Void> done = send.done();
        lock.lock();
        try {
            ReadyState state = readyStateNow();
            if (state != ReadyState.OPEN) {
                done.completeExceptionally(new IllegalStateException("WebSocket is " + state));
            } else if (!add(send)) {
                overflow(send);
            }
        } finally {
            unlockAndAct();
        }
        return done;
    }

    /** Queues a whole message made without a future: false when it is refused (not open, or the queue is full). */
    private boolean offerData(Opcode type, ByteBuffer payload) {
        lock.lock();
        try {
            return readyStateNow() == ReadyState.OPEN && offerReused(sends.data(type, payload, true));
        } finally {
            unlockAndAct();
        }
    }

    /**
     * Under the lock: queues a send in a reused entry, or refuses it, applies the overflow policy and hands the
     * entry back to the spares.
     */
    private boolean offerReused(Outgoing send) {
        boolean accepted = add(send);
        if (!accepted) {
            overflow(send);
            sends.release(send);
        }
        return accepted;
    }

    /** Queues a send under the lock, and measures it when metrics are installed. */
    private boolean add(Outgoing send) {
        if (probe == null) {
            return sends.add(send);
        }
        boolean wasWritable = sends.isWritable();
        boolean added = sends.add(send);
        if (added) {
            probe.queued(this, send, wasWritable, sends.bufferedAmount());
        }
        return added;
    }

    /** Refuses a send that would pass the send queue's limit, and applies the overflow policy. */
    private void overflow(Outgoing send) {
        IllegalStateException refused = new IllegalStateException("Send buffer full: " + sends.bufferedAmount()
            + " bytes queued, message of " + send.size() + " refused");
        owed().fail(send.done(), refused);
        CloseCode code = switch (backpressure.overflow()) {
            case FAIL_SEND -> null;
            case CLOSE_1008 -> CloseCode.POLICY_VIOLATION;
            case CLOSE_1013 -> CloseCode.TRY_AGAIN_LATER;
        };
        if (code != null) {
            ProtocolDriver.LOG.debug("Send buffer of {} overflowed; closing with {}", uri, code.code());
            sends.dropWaiting(refused, owed());
            events.add(new Event.Error(refused));
            startClose(code, "Send buffer full");
        }
    }

    private CompletableFuture<Void> sendControl(Message control, long size) {
        Outgoing send = new Outgoing.Whole(control, size, new CompletableFuture<>());
        lock.lock();
        try {
            ReadyState state = readyStateNow();
            if (engine == null || state != ReadyState.OPEN) {
                send.done().completeExceptionally(new IllegalStateException("WebSocket is " + state));
            } else if (!sends.addControl(send)) {
                overflow(send);
            } else if (probe != null && control instanceof Message.Ping) {
                probe.pingSent(clock.nanoTime());
            }
        } finally {
            unlockAndAct();
        }
        return send.done();
    }
}
