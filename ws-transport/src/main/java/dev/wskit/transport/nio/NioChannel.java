package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport.ClientTls;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection on an event loop: its socket's registration, interest ops and life from connect or accept to
 * end. Reads go through {@link NioInput}, the loop's buffer straight into the handler; writes go
 * through {@link NioOutput}: produced into the loop's buffer (large payloads written from their own buffer
 * with gathering writes), and only what the socket does not take is copied aside. An idle connection holds
 * no buffer.
 *
 * <p>The handler sees the connection as its {@link Mailbox}, the thread-safe {@link TransportChannel} that acts
 * at once on the loop (a write waits for the end of the loop's turn) and hands requests from other threads to
 * the loop. The deadline is kept by a {@link ChannelTimer}, TLS by a {@link NioTls}. Loop thread only, except
 * {@link #remoteAddress}, {@link #localAddress} and {@link #isSecure}, which are fixed once the handler hears
 * of the connection.
 */
final class NioChannel implements EventLoop.Selectable {
    private static final Logger LOG = LoggerFactory.getLogger(NioChannel.class);
    /** How long a lingering close reads and discards what the peer still sends. */
    private static final long LINGER_NANOS = TransportChannel.LINGER.toNanos();

    private final EventLoop loop;
    private final SocketChannel socket;
    private final ConnectionHandler handler;
    private final NioTls tls;
    private final Mailbox mailbox;
    private final ChannelTimer timer;
    private final NioInput input;
    private final NioOutput output;
    /** A lingering close in progress; {@code null} otherwise. */
    private NioLinger linger;
    /** A client's connect in progress; {@code null} otherwise. */
    private NioConnect connecting;
    private SelectionKey key;
    private InetSocketAddress remote;
    private InetSocketAddress local;
    private int interest;
    private boolean readPaused;
    private boolean writeBlocked;
    private boolean flushQueued;
    private boolean ended;
    private boolean failed;

    /**
     * Creates a connection of a loop.
     *
     * @param loop the loop that carries it
     * @param socket its socket, non-blocking
     * @param handler its protocol side
     * @param tls its TLS session, or {@code null}
     */
    NioChannel(EventLoop loop, SocketChannel socket, ConnectionHandler handler, TlsSession tls) {
        this.loop = loop;
        this.socket = socket;
        this.handler = handler;
        this.tls = tls == null ? null : new NioTls(this, tls, loop.tlsBuffers(), loop.tlsTasks());
        this.mailbox = new Mailbox(loop, this);
        this.timer = new ChannelTimer(loop, this);
        this.input = new NioInput(this, socket, handler, this.tls);
        this.output = new NioOutput(this, socket, handler, this.tls);
    }

    // ---- set-up, on the loop ----

    /** Ends this connection from any thread, without a close handshake (a cancelled connect). */
    void abort() {
        mailbox.abort();
    }

    /**
     * Registers an accepted connection, starts its TLS and tells the handler (as the blocking transports do,
     * before the TLS handshake, whose time then counts against the opening handshake's timeout).
     *
     * @throws IOException when the socket cannot be registered
     */
    void accepted() throws IOException {
        register();
        established();
    }

    /**
     * Starts connecting; the future completes once connected (and the TLS handshake is done), after the
     * handler's {@code onConnected}.
     *
     * @param address where to connect
     * @param timeoutMillis how long the TCP connect may take, 0 for no limit
     * @param clientTls the TLS settings, with the TLS handshake's own timeout, or {@code null} for plain TCP
     * @param connected the future to complete, or to fail (with the connect's error)
     */
    void connect(InetSocketAddress address, int timeoutMillis, ClientTls clientTls,
                 CompletableFuture<Void> connected) {
        connecting = new NioConnect(this, socket, clientTls, connected);
        try {
            key = socket.register(loop.selector(), 0, this);
            connecting.start(address, timeoutMillis);
        } catch (IOException e) {
            end(e);
        }
    }

    private void register() throws IOException {
        key = socket.register(loop.selector(), 0, this);
        learnAddresses();
    }

    /** Notes the socket's addresses, once connected. */
    void learnAddresses() throws IOException {
        remote = (InetSocketAddress) socket.getRemoteAddress();
        local = (InetSocketAddress) socket.getLocalAddress();
    }

    /** Ends a client's connect in progress, if any. */
    private CompletableFuture<Void> takeConnect() {
        CompletableFuture<Void> connected = connecting == null ? null : connecting.future();
        connecting = null;
        return connected;
    }

    /** The connection is up (and its TLS handshake done): the handler hears of it, then a client's connect. */
    void established() {
        CompletableFuture<Void> connected = takeConnect();
        timer.cancel();
        updateInterest();
        handler.onConnected(mailbox);
        if (connected != null) {
            connected.complete(null);
        }
    }

    void onHandshakeFinished() {
        if (connecting != null) {
            established();
        }
        queueFlush();
    }

    void onTlsTasksDone() {
        if (!ended) {
            updateInterest();
            queueFlush();
        }
    }

    // ---- readiness, deadlines and signals, on the loop ----

    @Override
    public void onReady(int readyOps) {
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                if (connecting != null) {
                    connecting.onConnectable();
                }
                return;
            }
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                // writable again: the peer took some of what waited, which is progress however large the rest
                writeBlocked = false;
                handler.onOutputProgress();
                flush();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                onReadable();
            }
        } catch (IOException e) {
            end(e);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /**
     * Serving this connection threw: it fails with 1011 (the Close written as far as the socket takes it, then
     * the socket closed) and the loop goes on with its other connections. A second failure ends it at once.
     */
    private void failed(Throwable e) {
        LOG.error("Connection to {} failed on its event loop; closing it with 1011", remote, e);
        if (ended) {
            return;
        }
        if (failed) {
            end(new IOException("Connection failed: " + e, e));
            return;
        }
        failed = true;
        readPaused = true;
        mailbox.markClosing();
        try {
            handler.onInternalError(e);
            updateInterest();
            queueFlush();
        } catch (RuntimeException | Error again) {
            end(new IOException("Connection failed: " + e, e));
        }
    }

    private void onReadable() throws IOException {
        if (linger != null) {
            input.discard();
            return;
        }
        input.read();
        if (tls != null) {
            // the handshake may now wait for tasks or for the socket: stop reading until it moves on
            updateInterest();
        }
    }

    /** Tells whether input is wanted now: not ended, not paused, and TLS (if any) not waiting on its handshake. */
    boolean isReading() {
        return !ended && !readPaused && (tls == null || !tls.isBusy());
    }

    void receive(ByteBuffer plaintext) {
        if (!ended) {
            handler.onReceived(plaintext);
        }
    }

    /**
     * The deadline passed: a lingering close ends, a connect in progress times out, an open connection hears it.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void onTimer(long nowNanos) {
        if (linger != null) {
            end(null);
        } else if (connecting != null) {
            end(connecting.timedOut(remote));
        } else {
            try {
                handler.onTimer(nowNanos);
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }
    }

    /** Moves the deadline; while lingering, only the linger deadline counts. */
    void setTimer(long deadline) {
        if (linger != null && deadline != linger.deadline()) {
            return;
        }
        timer.set(deadline);
    }

    /** Runs what other threads handed the handler, which is confined to this loop. */
    void runHandlerWork(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    void applyPause(boolean paused) {
        readPaused = paused;
        updateInterest();
    }

    void updateInterest() {
        if (ended || connecting != null && connecting.isAwaitingTcp()) {
            return;
        }
        int ops = writeBlocked ? SelectionKey.OP_WRITE : 0;
        if (linger != null || !readPaused && (tls == null || !tls.isBusy())) {
            ops |= SelectionKey.OP_READ;
        }
        setInterest(ops);
    }

    void setInterest(int ops) {
        if (ops != interest) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    // ---- output, on the loop ----

    void queueFlush() {
        if (!flushQueued && !ended) {
            flushQueued = true;
            loop.queueFlush(this);
        }
    }

    void onFlushTurn() {
        flushQueued = false;
        try {
            flush();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private void flush() {
        if (ended || !socket.isConnected()) {
            return;
        }
        try {
            if (linger != null) {
                linger();
                return;
            }
            boolean cutShort = false;
            if (output.writePending() && (tls == null || tls.advance()) && !ended) {
                cutShort = tls == null ? output.writePlain() : output.writeTls();
            }
            if (!ended && output.takeFlushed()) {
                handler.onOutputFlushed();
            }
            if (!cutShort && !output.hasPending() && mailbox.isCloseRequested() && !handler.hasOutput()) {
                if (mailbox.isLingerRequested()) {
                    linger();
                } else {
                    shutdown();
                }
                return;
            }
            writeBlocked = cutShort || output.hasPending();
            updateInterest();
        } catch (IOException e) {
            end(e);
        } finally {
            output.endTurn();
        }
    }

    /**
     * Writes bytes, copying aside what the socket does not take (for TLS records and close_notify).
     *
     * @param bytes the bytes
     * @return true when all of them were written
     * @throws IOException when writing fails
     */
    boolean transmit(ByteBuffer bytes) throws IOException {
        return output.transmit(bytes);
    }

    /** The socket took less than it was given: wait until it is writable. */
    void onWriteBlocked() {
        writeBlocked = true;
        updateInterest();
    }

    /**
     * Closes in the manner of {@link TransportChannel#closeLingering}: close_notify for TLS, then, once all is
     * written, output shut down; input is read and dropped until EOF, a bound of bytes, or the linger deadline.
     */
    private void linger() throws IOException {
        if (linger == null) {
            linger = new NioLinger(System.nanoTime() + LINGER_NANOS);
            setTimer(linger.deadline());
            if (tls != null) {
                tls.closeOutbound();
            }
        }
        writeBlocked = !linger.advance(output, socket, this);
        updateInterest();
    }

    /** Ends the connection in order: close_notify for TLS (as far as the socket takes it), then the socket. */
    void shutdown() {
        if (tls != null && !ended) {
            tls.closeOutbound();
        }
        end(null);
    }

    /**
     * Ends the connection at once: closes the socket and tells the handler (or, while connecting, fails the
     * connect). Idempotent.
     *
     * @param cause the I/O error, or {@code null} for an orderly end
     */
    void end(IOException cause) {
        if (ended) {
            return;
        }
        ended = true;
        timer.release();
        output.release();
        if (tls != null) {
            tls.release();
        }
        if (key != null) {
            key.cancel();
        }
        closeQuietly();
        CompletableFuture<Void> connected = takeConnect();
        if (connected != null) {
            connected.completeExceptionally(cause != null ? cause : new ClosedChannelException());
        } else {
            handler.onClosed(mailbox.isCloseRequested() ? null : cause);
        }
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            logQuietly("Closing the socket failed", e);
        }
    }

    void logQuietly(String what, IOException e) {
        LOG.debug("{} for {}: {}", what, remote, e.toString());
    }

    boolean isEnded() {
        return ended;
    }

    EventLoop loop() {
        return loop;
    }

    /** Returns the peer's address, once connected. */
    InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Returns the local address, once connected. */
    InetSocketAddress localAddress() {
        return local;
    }

    boolean isSecure() {
        return tls != null;
    }
}
