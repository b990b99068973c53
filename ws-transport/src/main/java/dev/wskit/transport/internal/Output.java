package dev.wskit.transport.internal;

import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's output as the transport takes it: the opening handshake's bytes, then the frames the engine makes
 * of the queued sends (RFC 6455 §5), produced into the transport's buffer; and the watch on the write's progress
 * ({@link WriteStall}), which cuts off a peer that stops reading (§10.4). Guarded by the connection's lock, which
 * the {@link Session} holds around every call.
 */
final class Output {
    private final Session session;
    private final Connection connection;
    private final Opening opening;
    private final InboundGate inbound;
    private final WriteStall writeStall;
    private long bytesOut;

    /**
     * Creates the output of a connection.
     *
     * @param session the connection's protocol: its engine, send queue, events and clock
     * @param connection the application's handle, as metrics and logs name it
     * @param opening the opening handshake, whose bytes go first
     * @param inbound what stands between the input and the engine, given held input as Pongs are written
     */
    Output(Session session, Connection connection, Opening opening, InboundGate inbound) {
        this.session = session;
        this.connection = connection;
        this.opening = opening;
        this.inbound = inbound;
        this.writeStall = new WriteStall(session.settings.backpressure().writeStallTimeout());
    }

    /** Tells whether handshake bytes or frames wait to be written. */
    boolean waits() {
        WebSocketEngine engine = session.engine();
        return opening.hasOutput() || (engine != null && engine.hasOutput());
    }

    /** Returns the bytes handed to the transport so far, for metrics. */
    long bytesOut() {
        return bytesOut;
    }

    /**
     * Writes what waits into {@code dst}, and hands back a frame too large to copy when gathering.
     *
     * @param dst the transport's buffer
     * @param minDetached the smallest payload to hand back instead of copying, {@link Long#MAX_VALUE} for none
     * @return the detached bytes, or {@code null}
     */
    ByteBuffer produce(ByteBuffer dst, long minDetached) {
        int produceStart = dst.position();
        ByteBuffer detached = null;
        if (opening.hasOutput()) {
            opening.copyOutput(dst);
        }
        WebSocketEngine engine = session.engine();
        if (engine != null && !opening.hasOutput()) {
            detached = produceFrames(engine, dst, minDetached);
            if (dst.position() > produceStart || detached != null) {
                writeStall.produced(session.clock.nanoTime());
            }
        }
        bytesOut += dst.position() - produceStart + (detached == null ? 0 : detached.remaining());
        return detached;
    }

    /**
     * Wraps frames until {@code dst} is full or none wait; the engine reports the sends written to the send queue.
     * Input held back while too many Pongs were owed goes in between, and the Pongs it owes go out too.
     */
    private ByteBuffer produceFrames(WebSocketEngine engine, ByteBuffer dst, long minDetached) {
        ByteBuffer detached;
        int start;
        do {
            start = dst.position();
            detached = engine.wrapGathering(dst, minDetached);
            inbound.retry(engine);
        } while (detached == null && dst.position() > start && dst.hasRemaining());
        return detached;
    }

    /**
     * The transport wrote what was produced: the sends written complete, and the application hears when the send
     * queue is writable again.
     *
     * @param completions what the lock's hold owes
     */
    void flushed(Completions completions) {
        SendQueue sends = session.sends;
        sends.flushed(completions);
        long now = session.clock.nanoTime();
        writeStall.flushed(now);
        if (sends.regainedWritability()) {
            session.events.add(new Event.Writable());
            ConnectionProbe probe = session.probe();
            if (probe != null) {
                probe.sendResumed(connection, sends.bufferedAmount());
            }
        }
        WebSocketEngine engine = session.engine();
        if (engine != null) {
            engine.onTimer(now);
        }
    }

    /** The transport wrote some of the output: the write moves. */
    void progressed() {
        writeStall.progressed(session.clock.nanoTime());
    }

    /**
     * Returns the deadline of the write-stall check, which starts when output begins to wait.
     *
     * @param outputWaits whether output waits to be produced
     * @return the deadline, or {@link WriteStall#NONE}
     */
    long stallDeadline(boolean outputWaits) {
        return writeStall.deadline(outputWaits, session.clock);
    }

    /**
     * Cuts the connection off when its output has made no progress for the write-stall timeout: the peer does not
     * read. Nothing more can reach it, not even a Close, so the socket is closed (from this thread, which releases
     * a writer blocked on it) and the connection ends with 1006 (RFC 6455 §7.1.5).
     *
     * @param nowNanos the current instant
     * @return true when the connection was cut off
     */
    boolean cutOffIfStalled(long nowNanos) {
        if (!writeStall.isStalled(nowNanos)) {
            return false;
        }
        IOException stall = new IOException("Write stalled: no output written for " + writeStall.timeout()
            + " (the peer does not read); closing the connection");
        Connection.LOG.debug("Connection to {}: {}", connection.uri(), stall.getMessage());
        session.events.add(new Event.Error(stall));
        ConnectionProbe probe = session.probe();
        if (probe != null) {
            probe.abortedLocally();
        }
        TransportChannel current = session.channel;
        if (current != null) {
            session.guard.afterUnlock(current::abort);
        }
        return true;
    }
}
