package dev.wskit.transport.internal;

import dev.wskit.transport.nio.TlsSession;
import dev.wskit.transport.spi.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * TLS with the server inside a proxy's tunnel (RFC 8446 over the tunnel of RFC 9110 §9.3.6): the records that
 * arrive, decrypted into a plaintext buffer lent to the client connection, and the records to send (the
 * handshake's, the client connection's output encrypted, close_notify last) gathered after any bytes of the
 * {@code CONNECT} request still unwritten.
 *
 * <p>Not thread-safe: the {@link TunnelHandler} calls it under its lock.
 */
final class TunnelTls {
    private final TlsSession session;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private final ByteBuffer appOut;
    /** Bytes to send, in write mode. */
    private ByteBuffer pendingOut;
    private boolean outboundClosed;
    private boolean closeIssued;

    /**
     * Starts TLS in a tunnel.
     *
     * @param session the client's TLS session with the server
     * @param pendingOut what is left of the request to the proxy, in write mode; records go after it
     */
    TunnelTls(TlsSession session, ByteBuffer pendingOut) {
        this.session = session;
        this.pendingOut = pendingOut;
        this.netIn = ByteBuffer.allocate(session.packetSize());
        this.appIn = ByteBuffer.allocate(session.applicationSize());
        this.appOut = ByteBuffer.allocate(session.applicationSize());
    }

    /** Tells whether the TLS handshake is still under way. */
    boolean isHandshaking() {
        return session.isHandshaking();
    }

    /**
     * Takes records that arrived.
     *
     * @param data the bytes, all consumed
     */
    void append(ByteBuffer data) {
        if (netIn.remaining() < data.remaining()) {
            netIn = ByteBuffer.allocate(netIn.position() + data.remaining()).put(netIn.flip());
        }
        netIn.put(data);
    }

    /**
     * Decrypts once, and produces the handshake records that calls for while the handshake is under way.
     *
     * @param handedOver whether the client connection has the connection (the handshake is over)
     * @return whether to go on: more may be decrypted, or the plaintext buffer must be emptied first
     * @throws IOException when TLS fails
     */
    boolean unwrapStep(boolean handedOver) throws IOException {
        driveHandshake(handedOver);
        netIn.flip();
        TlsSession.Status status;
        try {
            status = session.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        boolean more = switch (status) {
            case OK, NEEDS_WRAP -> true;
            case NEEDS_TASKS -> {
                session.runDelegatedTasks();
                yield true;
            }
            case NEEDS_ROOM -> {
                if (appIn.position() == 0) {
                    appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, session.applicationSize()));
                }
                yield true;
            }
            case NEEDS_INPUT -> {
                if (!netIn.hasRemaining()) {
                    netIn = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, session.packetSize())).put(netIn.flip());
                }
                yield false;
            }
            case CLOSED -> false;
        };
        driveHandshake(handedOver);
        return more;
    }

    /** While handshaking, produces the records the handshake owes into the pending output. */
    private void driveHandshake(boolean handedOver) throws IOException {
        while (!handedOver && session.needsWrap()) {
            ensureRoom();
            if (session.wrapHandshake(pendingOut) == TlsSession.Status.NEEDS_TASKS) {
                session.runDelegatedTasks();
            }
        }
    }

    /**
     * Lends the plaintext decrypted so far, which the caller hands on whole and then clears.
     *
     * @return the plaintext, flipped for reading, or {@code null} when there is none
     */
    ByteBuffer plaintext() {
        // lent, not copied: only the reading thread touches it, and the connection copies what it keeps, as with
        // every transport's read buffer
        return appIn.position() > 0 ? appIn.flip() : null;
    }

    /**
     * Tells whether records wait to be written, or the session owes some.
     *
     * @param handedOver whether the handshake is over
     * @return true when the transport should write
     */
    boolean wantsWrite(boolean handedOver) {
        return pendingOut.position() > 0 || handedOver && session.needsWrap();
    }

    /**
     * Tells whether there is anything to send.
     *
     * @param handedOver whether the handshake is over
     * @param connection the client connection, whose output is encrypted
     * @param closing whether the client connection asked to close
     * @return true when {@link #produce} would give bytes
     */
    boolean hasOutput(boolean handedOver, ConnectionHandler connection, boolean closing) {
        if (pendingOut.position() > 0) {
            return true;
        }
        return handedOver && !outboundClosed && (session.needsWrap() || connection.hasOutput() || closing);
    }

    /**
     * Gives records to send: those waiting, then, after the handshake, what is encrypted next.
     *
     * @param dst where they go
     * @param handedOver whether the handshake is over
     * @param connection the client connection, whose output is encrypted
     * @param closing whether the client connection asked to close
     * @throws IOException when TLS fails: nothing more can be sent
     */
    void produce(ByteBuffer dst, boolean handedOver, ConnectionHandler connection, boolean closing)
        throws IOException {
        copyPending(pendingOut, dst);
        while (dst.hasRemaining() && handedOver && pendingOut.position() == 0 && wrapMore(connection, closing)) {
            copyPending(pendingOut, dst);
        }
    }

    /** Encrypts what is owed next; false when nothing is. */
    private boolean wrapMore(ConnectionHandler connection, boolean closing) throws IOException {
        if (outboundClosed) {
            return false;
        }
        ensureRoom();
        if (session.needsWrap()) {
            if (session.wrapHandshake(pendingOut) == TlsSession.Status.NEEDS_TASKS) {
                session.runDelegatedTasks();
            }
            return true;
        }
        appOut.clear();
        connection.produce(appOut);
        appOut.flip();
        if (appOut.hasRemaining()) {
            pendingOut = session.wrap(appOut, pendingOut);
            return true;
        }
        if (closing && !connection.hasOutput()) {
            // RFC 8446 §6.1: close_notify before the connection closes, so the server sees no truncation
            session.closeOutbound(pendingOut);
            outboundClosed = true;
            return true;
        }
        return false;
    }

    private void ensureRoom() {
        if (pendingOut.remaining() < session.packetSize()) {
            pendingOut = ByteBuffer.allocate(pendingOut.position() + 2 * session.packetSize()).put(pendingOut.flip());
        }
    }

    /**
     * Tells, once, that close_notify has been written: the socket may close now.
     *
     * @return true the first time everything up to close_notify is written
     */
    boolean takeClose() {
        boolean close = outboundClosed && pendingOut.position() == 0 && !closeIssued;
        closeIssued |= close;
        return close;
    }

    /**
     * Moves bytes waiting to be sent (in write mode) into {@code dst}, as many as fit.
     *
     * @param pending the waiting bytes, or {@code null} for none
     * @param dst where they go
     */
    static void copyPending(ByteBuffer pending, ByteBuffer dst) {
        if (pending == null || pending.position() == 0) {
            return;
        }
        pending.flip();
        int count = Math.min(dst.remaining(), pending.remaining());
        dst.put(pending.slice(pending.position(), count));
        pending.position(pending.position() + count);
        pending.compact();
    }
}
