package dev.wskit.transport.nio;

import dev.wskit.transport.spi.Transport;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for one connection, sans-I/O, over an {@link SSLEngine}: records go in as a buffer the caller read,
 * plaintext comes out into a buffer the caller provides, with a {@link Status} that says what the session needs
 * next; the records it owes (handshake, alerts, close_notify, encrypted data) go into a buffer the caller
 * writes. It never touches a socket, a thread or the connection: the caller moves the bytes, runs the delegated
 * tasks where it likes, and keeps what is left of a record cut short (the bytes stay in its input buffer).
 *
 * <p>Not thread-safe: one thread drives it, except {@link #runDelegatedTasks}, which may run on another while
 * the driving thread waits for it. Public for the client's TLS inside a proxy tunnel
 * ({@code internal.TunnelHandler}), which drives it under its own lock.
 */
public final class TlsSession {
    /** What a step of the session needs next. */
    public enum Status {
        /** Bytes were consumed or produced: go on while input remains. */
        OK,
        /** The input holds no whole record: read more, keeping what is left. */
        NEEDS_INPUT,
        /** The handshake has records to send: {@link #wrapHandshake}, write them, then go on. */
        NEEDS_WRAP,
        /** The handshake waits for delegated tasks: {@link #runDelegatedTasks}, then go on. */
        NEEDS_TASKS,
        /** The next record's plaintext does not fit: empty the plaintext buffer, or grow it to {@link #applicationSize}. */
        NEEDS_ROOM,
        /** The peer sent close_notify, or the session is closed: nothing more comes in. */
        CLOSED
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer[] sources = new ByteBuffer[2];
    private int packetSize;
    private boolean finished;
    private boolean finishTold;

    /**
     * Starts a session over an engine whose mode is set: begins its handshake.
     *
     * @param engine the engine
     * @throws SSLException when the engine cannot begin
     */
    TlsSession(SSLEngine engine) throws SSLException {
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
        engine.beginHandshake();
    }

    /**
     * Starts the server side of a connection's TLS.
     *
     * @param context the server's context
     * @return the session, its handshake begun
     * @throws SSLException when the engine cannot begin
     */
    static TlsSession server(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return new TlsSession(engine);
    }

    /**
     * Starts the client side of a connection's TLS, with SNI and (unless turned off) hostname verification.
     *
     * @param tls the client's settings
     * @param port the server's port
     * @return the session, its handshake begun
     * @throws SSLException when the engine cannot begin
     */
    public static TlsSession client(Transport.ClientTls tls, int port) throws SSLException {
        SSLEngine engine = tls.context().createSSLEngine(tls.host(), port);
        engine.setUseClientMode(true);
        if (tls.verifyHostname()) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return new TlsSession(engine);
    }

    /** Returns the largest record, in bytes on the wire, that the session has asked room for. */
    public int packetSize() {
        return packetSize;
    }

    /** Returns the most plaintext one record may carry. */
    public int applicationSize() {
        return engine.getSession().getApplicationBufferSize();
    }

    /**
     * Decrypts one record (or takes one handshake message) from {@code net} into {@code app}.
     *
     * @param net received records; what is consumed leaves it, a record cut short stays
     * @param app where plaintext goes
     * @return what the session needs next
     * @throws SSLException when a record is corrupt or the handshake fails (then {@link #wrapAlert})
     */
    public Status unwrap(ByteBuffer net, ByteBuffer app) throws SSLException {
        SSLEngineResult result = engine.unwrap(net, app);
        return switch (result.getStatus()) {
            case CLOSED -> Status.CLOSED;
            case BUFFER_UNDERFLOW -> Status.NEEDS_INPUT;
            case BUFFER_OVERFLOW -> {
                packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
                yield Status.NEEDS_ROOM;
            }
            case OK -> {
                Status next = afterStep(result.getHandshakeStatus());
                boolean moved = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
                yield next == Status.OK && !moved ? Status.NEEDS_INPUT : next;
            }
        };
    }

    /**
     * Produces one handshake record (when {@link #needsWrap}).
     *
     * @param out where the record goes, with room for {@link #packetSize()} bytes
     * @return {@link Status#CLOSED} when the engine closed (the record it produced, an alert, still goes out),
     *     {@link Status#NEEDS_TASKS}, {@link Status#NEEDS_WRAP} for another record, else {@link Status#OK}
     * @throws SSLException when the record does not fit or the handshake fails
     */
    public Status wrapHandshake(ByteBuffer out) throws SSLException {
        SSLEngineResult result = engine.wrap(EMPTY, out);
        return switch (result.getStatus()) {
            case BUFFER_OVERFLOW -> throw new SSLException("Handshake record larger than " + out.capacity() + " bytes");
            case CLOSED -> Status.CLOSED;
            case OK, BUFFER_UNDERFLOW -> afterStep(result.getHandshakeStatus());
        };
    }

    private Status afterStep(HandshakeStatus status) {
        if (status == HandshakeStatus.FINISHED) {
            finished = true;
        }
        if (status == HandshakeStatus.NEED_TASK) {
            return Status.NEEDS_TASKS;
        }
        return needsWrap() ? Status.NEEDS_WRAP : Status.OK;
    }

    /** Tells whether the handshake has records to send before it goes on. */
    public boolean needsWrap() {
        return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Tells whether the engine is in a handshake (false once it is over, as when delegated tasks ended it). */
    public boolean isHandshaking() {
        return engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING;
    }

    /**
     * Tells, once, that a step finished the handshake (later steps that report it finished, as TLS 1.3's
     * post-handshake messages do, are not a new handshake).
     *
     * @return true the first time after the step that finished it
     */
    public boolean takeFinished() {
        if (finished && !finishTold) {
            finishTold = true;
            return true;
        }
        return false;
    }

    /**
     * Runs the delegated tasks the handshake waits for, in the calling thread. A task that fails leaves its error
     * in the engine, which reports it at the next step.
     */
    public void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Encrypts all of {@code plain} after what {@code out} holds; in the rare case records come out smaller than
     * planned, they spill into a larger heap buffer.
     *
     * @param plain the plaintext, at most one record's worth
     * @param out where records go, with room for at least one
     * @return the buffer holding the records: {@code out}, or the spill
     * @throws SSLException when the engine is closed
     */
    public ByteBuffer wrap(ByteBuffer plain, ByteBuffer out) throws SSLException {
        ByteBuffer records = out;
        while (plain.hasRemaining()) {
            records = wrapRecord(plain, records);
        }
        return records;
    }

    /**
     * Encrypts all of {@code plain} and, in the same records, as much of {@code payload} as they hold: one
     * record when {@code plain} is empty or small. The payload is read where it is (a gathering wrap).
     *
     * @param plain the plaintext that must all go, at most one record's worth
     * @param payload the bytes to follow it, read as far as the records go
     * @param out where records go, with room for at least one
     * @return the buffer holding the records: {@code out}, or the spill
     * @throws SSLException when the engine is closed
     */
    ByteBuffer wrap(ByteBuffer plain, ByteBuffer payload, ByteBuffer out) throws SSLException {
        sources[0] = plain;
        sources[1] = payload;
        try {
            ByteBuffer records = out;
            do {
                records = wrapRecord(null, records);
            } while (plain.hasRemaining());
            return records;
        } finally {
            sources[0] = null;
            sources[1] = null;
        }
    }

    /** Wraps one record from {@code plain}, or from {@link #sources} when it is null. */
    private ByteBuffer wrapRecord(ByteBuffer plain, ByteBuffer out) throws SSLException {
        ByteBuffer records = out;
        if (records.remaining() < packetSize) {
            records = ByteBuffer.allocate(records.capacity() + 2 * packetSize).put(records.flip());
        }
        SSLEngineResult result = plain != null ? engine.wrap(plain, records) : engine.wrap(sources, records);
        switch (result.getStatus()) {
            case CLOSED -> throw new SSLException("TLS is closed: cannot send");
            case BUFFER_OVERFLOW -> packetSize = Math.max(packetSize, engine.getSession().getPacketBufferSize());
            case OK, BUFFER_UNDERFLOW -> { }
        }
        return records;
    }

    /**
     * Produces the fatal alert the engine owes after a failure (RFC 8446 §6, RFC 5246 §7.2: a failed handshake
     * is reported to the peer, rather than the connection just dropping).
     *
     * @param out where the alert goes; nothing when none is owed
     * @throws SSLException when the engine cannot produce it
     */
    void wrapAlert(ByteBuffer out) throws SSLException {
        engine.wrap(EMPTY, out);
    }

    /**
     * Closes the outbound side: produces close_notify (RFC 8446 §6.1); nothing more can be sent.
     *
     * @param out where the record goes
     * @throws SSLException when the engine cannot produce it
     */
    public void closeOutbound(ByteBuffer out) throws SSLException {
        engine.closeOutbound();
        engine.wrap(EMPTY, out);
    }
}
