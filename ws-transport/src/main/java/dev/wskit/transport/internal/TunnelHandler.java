package dev.wskit.transport.internal;

import dev.wskit.transport.ProxyException;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.nio.TlsSession;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
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
 * <p>Its parts: the {@link ProxyAnswer} it reads, the {@link TunnelTls} it then runs, and the {@link TunnelChannel}
 * the client connection sees.
 *
 * <p>Threads: as {@link ConnectionHandler} says. The TLS session and the buffers are guarded by a lock that
 * is never held while the client connection is handed plaintext, and never taken by the channel the client
 * connection sees (which it calls under its own lock).
 */
public final class TunnelHandler implements ConnectionHandler {
    private final ProxyAnswer answer;
    private final ProxyTunnel tunnel;
    private final Transport.ClientTls tls;
    private final Connection connection;
    private final ClientHandshakePhase opening;
    private final CompletableFuture<WebSocket> opened;
    private final long timeoutMillis;
    /** The connect deadline until the proxy answers, then the TLS handshake's; {@code Long.MAX_VALUE} for none. */
    private volatile long deadlineNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TransportChannel channel;
    /** Set once the client connection has the connection: from then on, it decides. */
    private volatile boolean handedOver;
    /** The channel the client connection sees through a TLS tunnel, once handed over. */
    private volatile TunnelChannel secure;
    /** TLS inside the tunnel, once the proxy opened it for {@code wss://}. */
    private volatile TunnelTls inside;
    // guarded by the lock
    /** What is left to write of the request to the proxy, in write mode; TLS takes it over. */
    private ByteBuffer request;
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
        this.answer = new ProxyAnswer(tunnel);
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
            request = tunnel.requestBytes().compact();
        } finally {
            lock.unlock();
        }
        transportChannel.scheduleTimer(deadlineNanos);
        transportChannel.requestWrite();
    }

    @Override
    public void onReceived(ByteBuffer data) {
        if (handedOver && inside == null) {
            connection.onReceived(data);
        } else if (inside != null) {
            receiveTls(data);
        } else {
            receiveAnswer(data);
        }
    }

    private void receiveAnswer(ByteBuffer data) {
        ByteBuffer leftover;
        try {
            leftover = answer.read(data);
        } catch (ProxyException e) {
            fail(e);
            return;
        }
        if (leftover == null) {
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
            inside = new TunnelTls(TlsSession.client(tls, tunnel.port()), request);
            request = null;
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
            ByteBuffer plain;
            boolean handOver = false;
            boolean write;
            lock.lock();
            try {
                if (first) {
                    inside.append(data);
                    first = false;
                }
                more = inside.unwrapStep(handedOver);
                if (!handedOver && !inside.isHandshaking()) {
                    secure = new TunnelChannel(channel);
                    handedOver = true;
                    handOver = true;
                }
                plain = inside.plaintext();
                write = inside.wantsWrite(handedOver);
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
                connection.onConnected(secure);
            }
            if (plain != null) {
                connection.onReceived(plain);
                plain.clear();
            }
        }
    }

    @Override
    public boolean hasOutput() {
        if (handedOver && inside == null) {
            return connection.hasOutput();
        }
        lock.lock();
        try {
            TunnelTls current = inside;
            if (current == null) {
                return request != null && request.position() > 0;
            }
            return current.hasOutput(handedOver, connection, isClosing());
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
            TunnelTls current = inside;
            if (current == null) {
                TunnelTls.copyPending(request, dst);
            } else {
                current.produce(dst, handedOver, connection, isClosing());
            }
        } catch (IOException e) {
            // the engine failed or closed: nothing more can be sent
            failure = e;
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            abort();
        } else if (handedOver && inside == null) {
            // a plain tunnel: the bytes go through as they are
            connection.produce(dst);
        }
        return dst.position() - start;
    }

    @Override
    public ByteBuffer produceGathering(ByteBuffer dst, int minDetached) {
        if (handedOver && inside == null) {
            // the proxy answered the whole request: nothing of it is left to write
            return connection.produceGathering(dst, minDetached);
        }
        produce(dst);
        return null;
    }

    private boolean isClosing() {
        TunnelChannel current = secure;
        return current != null && current.isClosing();
    }

    @Override
    public void onOutputFlushed() {
        if (handedOver) {
            connection.onOutputFlushed();
        }
        TunnelTls current = inside;
        if (current == null) {
            return;
        }
        boolean close;
        lock.lock();
        try {
            close = current.takeClose();
        } finally {
            lock.unlock();
        }
        if (close) {
            if (secure.isLingering()) {
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
            answered = inside != null;
        } finally {
            lock.unlock();
        }
        fail(answered ? tls.handshakeTimedOut(answer.where()) : answer.timedOut(timeoutMillis));
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
        fail(answer.closed(inside != null, cause));
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
}
