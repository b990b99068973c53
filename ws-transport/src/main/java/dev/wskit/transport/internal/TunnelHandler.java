package dev.wskit.transport.internal;

import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ProxyException;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.nio.TlsSession;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client connection through an HTTP proxy: asks for a tunnel with {@code CONNECT} (RFC 9110 §9.3.6), then,
 * for {@code wss://}, runs TLS with the server inside the tunnel (SNI and hostname verification against the
 * server, not the proxy), and hands the connection to the client's {@link Connection} for the opening handshake.
 * The transport connects to the proxy in plain TCP; this handler stands between it and the client connection.
 *
 * <p>Until the hand-over, the tunnel must be up within what is left of the connect timeout, and the TLS handshake
 * inside it must end within its own timeout, as for a direct connection; a refusal, a malformed answer or none
 * fails the connect with a {@link ProxyException}. After it,
 * a plain tunnel passes everything through; a TLS tunnel decrypts what arrives and encrypts what the client
 * connection produces, and sends close_notify before the socket closes.
 *
 * <p>Threads: as {@link ConnectionHandler} says. The TLS session and the buffers are guarded by a lock that
 * is never held while the client connection is handed plaintext, and never taken by the channel the client
 * connection sees (which it calls under its own lock).
 */
public final class TunnelHandler implements ConnectionHandler {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final ProxyTunnel tunnel;
    private final Transport.ClientTls tls;
    private final Connection connection;
    private final ClientHandshakePhase opening;
    private final CompletableFuture<WebSocket> opened;
    private final long timeoutMillis;
    /** The connect deadline until the proxy answers, then the TLS handshake's; {@code Long.MAX_VALUE} for none. */
    private volatile long deadlineNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final HttpHeadParser<HandshakeResponse> parser = HttpHeadParser.forResponses();
    private volatile TransportChannel channel;
    /** Set once the client connection has the connection: from then on, it decides. */
    private volatile boolean handedOver;
    private volatile boolean closing;
    private volatile boolean lingering;
    // guarded by the lock
    private ByteBuffer pendingOut;
    private TlsSession session;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer appOut;
    private boolean outboundClosed;
    private boolean closeIssued;
    private boolean failed;

    /**
     * Creates the handler of a connection to a proxy.
     *
     * @param tunnel the tunnel to ask for
     * @param tls the server's TLS settings for {@code wss://}, or {@code null}
     * @param connection the client connection that performs the opening handshake in the tunnel
     * @param opening that connection's handshake, which tells whether the connect was abandoned
     * @param opened failed when the tunnel or its TLS cannot be set up
     * @param timeoutMillis the connect timeout, for messages; 0 for none
     * @param deadlineNanos the {@link System#nanoTime()} by which the tunnel must be up, or
     *     {@link Long#MAX_VALUE} for no limit (the TLS handshake inside it has the limit of {@code tls})
     */
    public TunnelHandler(ProxyTunnel tunnel, Transport.ClientTls tls, Connection connection,
                         ClientHandshakePhase opening, CompletableFuture<WebSocket> opened, long timeoutMillis,
                         long deadlineNanos) {
        this.tunnel = tunnel;
        this.tls = tls;
        this.connection = connection;
        this.opening = opening;
        this.opened = opened;
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = deadlineNanos;
    }

    /** Closes the socket at once, as a cancelled connect does; nothing when it is not connected yet. */
    public void abort() {
        TransportChannel current = channel;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onConnected(TransportChannel transportChannel) {
        channel = transportChannel;
        if (opening.isAbandoned()) {
            transportChannel.abort();
            return;
        }
        lock.lock();
        try {
            pendingOut = tunnel.requestBytes().compact();
        } finally {
            lock.unlock();
        }
        transportChannel.scheduleTimer(deadlineNanos);
        transportChannel.requestWrite();
    }

    @Override
    public void onReceived(ByteBuffer data) {
        if (handedOver && session == null) {
            connection.onReceived(data);
        } else if (session != null) {
            receiveTls(data);
        } else {
            receiveAnswer(data);
        }
    }

    private void receiveAnswer(ByteBuffer data) {
        switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeResponse> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeResponse> rejected -> fail(new ProxyException(0, HttpHeaders.EMPTY,
                "Malformed answer of proxy " + tunnel.proxy() + " to CONNECT " + tunnel.authority() + ": "
                    + rejected.reason()));
            case HttpHeadParser.Complete<HandshakeResponse> complete -> answered(complete.head(), complete.leftover());
        }
    }

    private void answered(HandshakeResponse answer, ByteBuffer leftover) {
        // RFC 9110 §9.3.6: any 2xx means the tunnel is open; anything else means the proxy refused it
        if (answer.status() / 100 != 2) {
            String needs = answer.status() == 407 ? " (it wants credentials)" : "";
            fail(new ProxyException(answer.status(), answer.headers(), "Proxy " + tunnel.proxy() + " refused CONNECT "
                + tunnel.authority() + ": " + answer.status() + ' ' + answer.reason() + needs));
            return;
        }
        if (tls == null) {
            handedOver = true;
            connection.onConnected(channel);
            if (leftover.hasRemaining()) {
                connection.onReceived(leftover);
            }
            return;
        }
        lock.lock();
        try {
            session = TlsSession.client(tls, tunnel.port());
            netIn = ByteBuffer.allocate(session.packetSize());
            appIn = ByteBuffer.allocate(session.applicationSize());
            appOut = ByteBuffer.allocate(session.applicationSize());
        } catch (IOException e) {
            lock.unlock();
            fail(e);
            return;
        }
        lock.unlock();
        deadlineNanos = tls.handshakeDeadline(System.nanoTime());
        channel.scheduleTimer(deadlineNanos);
        // the ClientHello goes out, and any bytes that came after the 2xx are the server's
        receiveTls(leftover);
    }

    /** Reader thread: decrypts, drives the handshake, hands plaintext on outside the lock. */
    private void receiveTls(ByteBuffer data) {
        boolean more = true;
        boolean first = true;
        while (more) {
            ByteBuffer plain = null;
            boolean handOver = false;
            boolean write;
            lock.lock();
            try {
                if (first) {
                    append(data);
                    first = false;
                }
                more = unwrapStep();
                if (!handedOver && !session.isHandshaking()) {
                    handedOver = true;
                    handOver = true;
                }
                if (appIn.position() > 0) {
                    // lent, not copied: only this reader thread touches appIn, and onReceived consumes all of it
                    // (the connection copies what it keeps), as with every transport's read buffer
                    plain = appIn.flip();
                }
                write = pendingOut.position() > 0 || handedOver && session.needsWrap();
            } catch (IOException e) {
                lock.unlock();
                fail(e);
                return;
            }
            lock.unlock();
            if (write) {
                channel.requestWrite();
            }
            if (handOver) {
                connection.onConnected(new SecureChannel());
            }
            if (plain != null) {
                connection.onReceived(plain);
                plain.clear();
            }
        }
    }

    /** Under the lock: one unwrap, and the handshake records it calls for; tells whether to go on. */
    private boolean unwrapStep() throws IOException {
        driveHandshake();
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
        driveHandshake();
        return more;
    }

    /** Under the lock: while handshaking, produces the records the handshake owes into the pending output. */
    private void driveHandshake() throws IOException {
        while (!handedOver && session.needsWrap()) {
            ensureRoom();
            if (session.wrapHandshake(pendingOut) == TlsSession.Status.NEEDS_TASKS) {
                session.runDelegatedTasks();
            }
        }
    }

    private void append(ByteBuffer data) {
        if (netIn.remaining() < data.remaining()) {
            netIn = ByteBuffer.allocate(netIn.position() + data.remaining()).put(netIn.flip());
        }
        netIn.put(data);
    }

    private void ensureRoom() {
        if (pendingOut.remaining() < session.packetSize()) {
            pendingOut = ByteBuffer.allocate(pendingOut.position() + 2 * session.packetSize()).put(pendingOut.flip());
        }
    }

    @Override
    public boolean hasOutput() {
        if (handedOver && session == null) {
            return connection.hasOutput();
        }
        lock.lock();
        try {
            if (pendingOut != null && pendingOut.position() > 0) {
                return true;
            }
            return handedOver && !outboundClosed
                && (session.needsWrap() || connection.hasOutput() || closing);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int produce(ByteBuffer dst) {
        int start = dst.position();
        IOException failure = null;
        lock.lock();
        try {
            copyPending(dst);
            while (dst.hasRemaining() && handedOver && session != null && pendingOut.position() == 0 && wrapMore()) {
                copyPending(dst);
            }
        } catch (IOException e) {
            // the engine failed or closed: nothing more can be sent
            failure = e;
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            abort();
        } else if (handedOver && session == null) {
            // a plain tunnel: the bytes go through as they are
            connection.produce(dst);
        }
        return dst.position() - start;
    }

    @Override
    public ByteBuffer produceGathering(ByteBuffer dst, int minDetached) {
        if (handedOver && session == null) {
            // the proxy answered the whole request: nothing of it is left to write
            return connection.produceGathering(dst, minDetached);
        }
        produce(dst);
        return null;
    }

    /** Under the lock, after the hand-over: encrypts what is owed next; false when nothing is. */
    private boolean wrapMore() throws IOException {
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

    private void copyPending(ByteBuffer dst) {
        if (pendingOut == null || pendingOut.position() == 0) {
            return;
        }
        pendingOut.flip();
        int count = Math.min(dst.remaining(), pendingOut.remaining());
        dst.put(pendingOut.slice(pendingOut.position(), count));
        pendingOut.position(pendingOut.position() + count);
        pendingOut.compact();
    }

    @Override
    public void onOutputFlushed() {
        if (handedOver) {
            connection.onOutputFlushed();
        }
        if (session == null) {
            return;
        }
        boolean close;
        lock.lock();
        try {
            close = outboundClosed && pendingOut.position() == 0 && !closeIssued;
            closeIssued |= close;
        } finally {
            lock.unlock();
        }
        if (close) {
            if (lingering) {
                channel.closeLingering();
            } else {
                channel.close();
            }
        }
    }

    @Override
    public void onOutputProgress() {
        if (handedOver) {
            connection.onOutputProgress();
        }
    }

    @Override
    public void onTimer(long nowNanos) {
        if (handedOver) {
            connection.onTimer(nowNanos);
            return;
        }
        long deadline = deadlineNanos;
        if (deadline == Long.MAX_VALUE || nowNanos - deadline < 0) {
            return;
        }
        boolean answered;
        lock.lock();
        try {
            answered = session != null;
        } finally {
            lock.unlock();
        }
        fail(answered
            ? tls.handshakeTimedOut(tunnel.authority() + " through proxy " + tunnel.proxy())
            : new SocketTimeoutException("Proxy " + tunnel.proxy() + " gave no answer to CONNECT "
                + tunnel.authority() + " within the connect timeout of " + timeoutMillis + " ms"));
    }

    @Override
    public void onInternalError(Throwable cause) {
        if (handedOver) {
            connection.onInternalError(cause);
        } else {
            fail(cause);
        }
    }

    @Override
    public void onClosed(IOException cause) {
        if (handedOver) {
            connection.onClosed(cause);
            return;
        }
        String what = cause == null ? "the connection closed" : cause.getMessage();
        IOException failure = session == null
            ? new ProxyException(0, HttpHeaders.EMPTY, "Proxy " + tunnel.proxy() + " gave no answer to CONNECT "
                + tunnel.authority() + ": " + what)
            : new IOException("Tunnel through proxy " + tunnel.proxy() + " closed during the TLS handshake with "
                + tunnel.authority() + ": " + what);
        if (cause != null) {
            failure.initCause(cause);
        }
        fail(failure);
    }

    private void fail(Throwable cause) {
        lock.lock();
        try {
            if (failed) {
                return;
            }
            failed = true;
        } finally {
            lock.unlock();
        }
        opened.completeExceptionally(cause);
        abort();
    }

    /** The connection as the client connection sees it: TLS through the tunnel. */
    private final class SecureChannel implements TransportChannel {
        @Override
        public void requestWrite() {
            channel.requestWrite();
        }

        @Override
        public void close() {
            closing = true;
            channel.requestWrite();
        }

        @Override
        public void closeLingering() {
            lingering = true;
            close();
        }

        @Override
        public void abort() {
            channel.abort();
        }

        @Override
        public void scheduleTimer(long deadlineNanos) {
            channel.scheduleTimer(deadlineNanos);
        }

        @Override
        public void pauseReading(boolean paused) {
            channel.pauseReading(paused);
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return channel.remoteAddress();
        }

        @Override
        public InetSocketAddress localAddress() {
            return channel.localAddress();
        }

        @Override
        public boolean isSecure() {
            return true;
        }
    }
}
