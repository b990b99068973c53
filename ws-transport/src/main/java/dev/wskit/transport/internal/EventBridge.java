package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.engine.EngineListener;
import dev.wskit.codec.engine.EngineState;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * Turns what the engine reports (RFC 6455 §5–§7: messages, control frames, failures, the end of the connection)
 * into {@link WebSocket.Listener} callbacks: recorded as {@link Event}s under the connection's lock, delivered in
 * order after it is released, on the transport's thread or the callback executor. A listener that throws fails
 * the connection with 1011 (§7.4.1) and hears of it in {@code onError}.
 *
 * <p>Metrics of messages are measured here too, by the connection's {@link ConnectionProbe} when it has one.
 *
 * <p>The engine's callbacks run under the connection's lock; {@link #drain}, {@link #listen} and
 * {@link #undeliveredBytes} may run on any thread.
 */
final class EventBridge implements EngineListener, EventQueue.Owner {
    private static final WebSocket.Listener NO_LISTENER = new WebSocket.Listener() { };

    private final Session session;
    private final Connection connection;
    private final EventQueue queue;
    private volatile WebSocket.Listener listener = NO_LISTENER;
    private ConnectionProbe probe;
    private ConnectionProbe messageProbe;

    /**
     * Creates the bridge of a connection.
     *
     * @param session the connection's protocol, told when events are delivered
     * @param connection the application's handle, passed to its listener
     * @param callbackExecutor where listener callbacks run, or {@code null} for the transport's threads
     */
    EventBridge(Session session, Connection connection, Executor callbackExecutor) {
        this.session = session;
        this.connection = connection;
        this.queue = new EventQueue(callbackExecutor, this);
    }

    /** Measures messages with the connection's probe, when it has one and its metrics count messages. */
    void measure(ConnectionProbe connectionProbe) {
        probe = connectionProbe;
        messageProbe = connectionProbe != null && connectionProbe.countsMessages() ? connectionProbe : null;
    }

    /** Delivers events to the application's listener from now on: the handshake succeeded. */
    void listen(WebSocket.Listener appListener) {
        listener = appListener;
    }

    /** Records an event for the listener. */
    void add(Event event) {
        queue.add(event);
    }

    /** Returns the received bytes held by events not yet delivered. */
    long undeliveredBytes() {
        return queue.undeliveredBytes();
    }

    /** Delivers the recorded events, unless another thread is delivering them. Call without the lock. */
    void drain() {
        queue.drain(listener, connection);
    }

    @Override
    public void afterDelivery() {
        session.refreshDemand();
    }

    @Override
    public void afterMessage() {
        session.messageHandled();
    }

    @Override
    public void listenerFailed(Throwable e) {
        if (e instanceof Error) {
            // an Error is no application's routine failure: say it loudly, and let the other connections go on
            Connection.LOG.error("Listener of {} threw {}; closing the connection with 1011", connection.uri(),
                e.toString(), e);
        } else {
            // never invisible: the application hears it in onError too, but a listener that logs nothing there
            // would otherwise lose it
            Connection.LOG.warn("Listener of {} threw {}; closing the connection with 1011", connection.uri(),
                e.toString(), e);
        }
        queue.add(new Event.Error(e));
        connection.closeWith(CloseCode.INTERNAL_ERROR, "Internal error");
    }

    @Override
    public void onText(String text) {
        if (messageProbe != null) {
            messageProbe.textReceived(text);
        }
        queue.add(new Event.Text(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (messageProbe != null) {
            messageProbe.messageReceived(Opcode.BINARY, data.remaining());
        }
        queue.add(new Event.Binary(session.lendsBinary() ? data.slice() : Event.copy(data)));
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        if (messageProbe != null) {
            messageProbe.chunkReceived(Opcode.TEXT, utf8.remaining(), last);
        }
        queue.add(new Event.Chunk(true, Event.copy(utf8), last));
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        if (messageProbe != null) {
            messageProbe.chunkReceived(Opcode.BINARY, data.remaining(), last);
        }
        queue.add(new Event.Chunk(false, Event.copy(data), last));
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
        queue.add(new Event.Control(true, Event.copy(data)));
    }

    @Override
    public void onPong(ByteBuffer data) {
        if (probe != null) {
            probe.pongReceived(session.clock.nanoTime());
        }
        queue.add(new Event.Control(false, Event.copy(data)));
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
        if (probe != null && session.engine().state() == EngineState.OPEN && !session.closeRequested) {
            probe.peerClosedFirst();
        }
    }

    @Override
    public void onError(ProtocolException failure) {
        if (failure.getCause() instanceof Error error) {
            Connection.LOG.error("Connection to {} failed with {}; closing with {}", connection.uri(), error.toString(),
                failure.closeCode().code(), error);
        }
        if (probe != null) {
            probe.protocolError(failure.closeCode().code());
        }
        queue.add(new Event.Error(failure));
    }

    @Override
    public void onClosed(CloseCode code, String reason, boolean wasClean) {
        queue.add(new Event.Closed(code.code(), reason, wasClean));
        if (probe != null) {
            probe.closed(connection, code.code(), reason, wasClean, session.closeRequested, session.clock.nanoTime(),
                session.bytesIn(), session.bytesOut());
        }
        session.closed.complete(null);
    }
}
