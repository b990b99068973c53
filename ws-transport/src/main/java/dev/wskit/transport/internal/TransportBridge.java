package dev.wskit.transport.internal;

import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The transport's calls into one {@link Session}: the connect, bytes received (the opening handshake's, RFC 6455
 * §4, then frames for the engine, §5), bytes to write, the deadline, and the end of the byte stream (§7.1.5).
 * Each call holds the session's {@link Guard} for its work (its lock, or nothing but the serving thread on a
 * confined connection), and then does what that hold owes ({@link Session#unlockAndAct}). Called by the
 * transport, one call at a time per connection.
 */
final class TransportBridge {
    private final Session session;
    private final Connection connection;
    private final Opening opening;
    private final Output output;
    private final InboundGate inbound;
    private long bytesIn;

    /**
     * Creates the bridge of a session.
     *
     * @param session the connection's protocol
     * @param connection the application's handle, passed to the opening handshake
     * @param opening the opening handshake
     * @param output the bytes for the transport
     * @param inbound what stands between the input and the engine
     */
    TransportBridge(Session session, Connection connection, Opening opening, Output output, InboundGate inbound) {
        this.session = session;
        this.connection = connection;
        this.opening = opening;
        this.output = output;
        this.inbound = inbound;
    }

    /** Returns the bytes received so far, for metrics. */
    long bytesIn() {
        return bytesIn;
    }

    /** The transport has connected: the handshake starts, and its deadline runs. */
    void connected(TransportChannel transportChannel) {
        session.channel = transportChannel;
        Guard guard = session.guard;
        guard.lock();
        try {
            if (transportChannel.confineHandler(session.handover)) {
                guard.confine();
                session.confined();
            }
            opening.start(connection, session.clock.nanoTime());
        } finally {
            session.unlockAndAct();
        }
    }

    /** Bytes arrived: frames for the engine, or the handshake's for its phase. */
    void received(ByteBuffer data) {
        session.guard.lock();
        try {
            bytesIn += data.remaining();
            WebSocketEngine engine = session.engine();
            if (engine != null) {
                inbound.feed(engine, data);
                engine.onTimer(session.clock.nanoTime());
            } else {
                opening.receive(connection, data);
            }
        } finally {
            session.unlockAndAct();
        }
    }

    /** Tells whether anything waits to be written. */
    boolean hasOutput() {
        session.guard.lock();
        try {
            return output.waits();
        } finally {
            session.guard.unlock();
        }
    }

    /**
     * Writes what waits into {@code dst}, and hands back a frame too large to copy when gathering.
     *
     * @param dst the transport's buffer
     * @param minDetached the smallest payload to hand back instead of copying, {@link Long#MAX_VALUE} for none
     * @return the detached bytes, or {@code null}
     */
    ByteBuffer produce(ByteBuffer dst, long minDetached) {
        Guard guard = session.guard;
        ByteBuffer detached;
        Completions completions;
        guard.lock();
        try {
            completions = guard.owed();
            session.handover.takeAll(session.outbox);
            detached = output.produce(dst, minDetached);
        } finally {
            guard.release();
        }
        completions.runAndRelease();
        session.events.drain();
        session.refreshDemand();
        return detached;
    }

    /** The transport wrote everything produced so far. */
    void flushed() {
        session.guard.lock();
        try {
            output.flushed(session.guard.owed());
        } finally {
            session.unlockAndAct();
        }
    }

    /** The transport wrote some of what was produced. */
    void progressed() {
        session.guard.lock();
        try {
            output.progressed();
        } finally {
            session.guard.unlock();
        }
    }

    /** The deadline last scheduled has come: the write-stall check, the engine's timeouts, or the handshake's. */
    void timer(long nowNanos) {
        session.guard.lock();
        try {
            WebSocketEngine engine = session.engine();
            if (engine != null) {
                if (!output.cutOffIfStalled(nowNanos)) {
                    engine.onTimer(nowNanos);
                }
            } else if (opening.timedOut(connection, nowNanos)) {
                session.guard.afterUnlock(session.channel::abort);
            }
        } finally {
            session.unlockAndAct();
        }
    }

    /** The transport has ended: the engine hears it, or the handshake fails; sends still queued fail. */
    void transportClosed(IOException cause) {
        Guard guard = session.guard;
        Completions completions;
        guard.lock();
        try {
            completions = guard.owed();
            WebSocketEngine engine = session.engine();
            if (engine != null) {
                engine.onTransportClosed();
            } else {
                opening.failIfPending(connection, cause);
            }
            opening.end();
            Throwable failure = cause != null ? cause : new IOException("Connection closed");
            session.handover.failAll(failure, completions);
            session.sends.failAll(failure, completions);
        } finally {
            guard.release();
        }
        completions.runAndRelease();
        session.closed.complete(null);
        session.events.drain();
    }
}
