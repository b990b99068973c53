package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection on an event loop. Reads go through the loop's buffer straight into the handler; writes go
 * through {@link NioOutput}: produced into the loop's buffer (large payloads written from their own buffer
 * with gathering writes), and only what the socket does not take is copied aside. An idle connection holds
 * no buffer.
 *
 * <p>The {@link TransportChannel} methods are thread-safe: on the loop they act at once (a write waits for the
 * end of the loop's turn), from other threads they set a signal bit and hand the loop one task for all of them.
 * Everything else runs on the loop.
 */
final class NioChannel implements TransportChannel, EventLoop.Selectable, EventLoop.Timed {
    private static final Logger LOG = LoggerFactory.getLogger(NioChannel.class);
    private static final int WRITE = 1;
    private static final int ABORT = 1 << 1;
    private static final int TIMER = 1 << 2;
    private static final int PAUSE = 1 << 3;
    private static final int READS_PER_TURN = 16;
    private static final long NONE = Long.MAX_VALUE;
    /** How long a lingering close reads and discards what the peer still sends. */
    private static final long LINGER_NANOS = TransportChannel.LINGER.toNanos();

    private final EventLoop loop;
    private final SocketChannel socket;
    private final ConnectionHandler handler;
    private final TlsSession tls;
    private final AtomicInteger signals = new AtomicInteger();
    private final Runnable onSignals = this::onSignals;
    private final TimerSlot timerSlot = new TimerSlot(this);
    private volatile boolean closeRequested;
    private volatile boolean lingerRequested;
    private boolean lingering;
    private boolean outputShut;
    private long lingerDeadline = NONE;
    private long discarded;
    private volatile boolean pauseRequested;
    private volatile long requestedDeadline = NONE;
    private CompletableFuture<Void> connecting;
    private SelectionKey key;
    private InetSocketAddress remote;
    private InetSocketAddress local;
    private int interest;
    private boolean readPaused;
    private boolean writeBlocked;
    private boolean flushQueued;
    private boolean ended;
    private boolean failed;
    private final NioOutput output;
    private long timerWanted = NONE;
    private long timerQueued = NONE;

    /**
     * Creates a connection of a loop.
     *
     * @param loop the loop that carries it
     * @param socket its socket, non-blocking
     * @param handler its protocol side
     * @param tls its TLS, or {@code null}
     */
    NioChannel(EventLoop loop, SocketChannel socket, ConnectionHandler handler, TlsSession tls) {
        this.loop = loop;
        this.socket = socket;
        this.handler = handler;
        this.tls = tls;
        this.output = new NioOutput(this, socket, handler, tls);
    }

    // ---- set-up, on the loop ----

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
     * @param timeoutMillis how long the TCP connect and TLS handshake may take, 0 for no limit
     * @param connected the future to complete, or to fail (with the connect's error)
     */
    void connect(InetSocketAddress address, int timeoutMillis, CompletableFuture<Void> connected) {
        this.connecting = connected;
        try {
            key = socket.register(loop.selector(), 0, this);
            boolean connectedAtOnce = socket.connect(address);
            if (timeoutMillis > 0) {
                setTimer(System.nanoTime() + timeoutMillis * 1_000_000L);
            }
            if (connectedAtOnce) {
                onConnectable();
            } else {
                setInterest(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            end(e);
        }
    }

    private void register() throws IOException {
        key = socket.register(loop.selector(), 0, this);
        remote = (InetSocketAddress) socket.getRemoteAddress();
        local = (InetSocketAddress) socket.getLocalAddress();
    }

    private void onConnectable() throws IOException {
        if (!socket.finishConnect()) {
            return;
        }
        remote = (InetSocketAddress) socket.getRemoteAddress();
        local = (InetSocketAddress) socket.getLocalAddress();
        if (tls == null) {
            established();
        } else {
            updateInterest();
            queueFlush();
        }
    }

    private void established() {
        CompletableFuture<Void> connected = connecting;
        connecting = null;
        timerWanted = NONE;
        updateInterest();
        handler.onConnected(this);
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
                onConnectable();
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
        closeRequested = true;
        try {
            handler.onInternalError(e);
            updateInterest();
            queueFlush();
        } catch (RuntimeException | Error again) {
            end(new IOException("Connection failed: " + e, e));
        }
    }

    private void onReadable() throws IOException {
        if (lingering) {
            discardInput();
            return;
        }
        for (int i = 0; i < READS_PER_TURN && !ended && !readPaused && (tls == null || !tls.isBusy()); i++) {
            int count;
            if (tls == null) {
                ByteBuffer buffer = loop.readBuffer();
                count = socket.read(buffer);
                if (count > 0) {
                    handler.onReceived(buffer.flip());
                }
            } else {
                count = tls.read(socket, this);
            }
            if (count < 0) {
                end(null);
            }
            if (count < EventLoop.BUFFER_SIZE) {
                break;
            }
        }
        if (tls != null) {
            // the handshake may now wait for tasks or for the socket: stop reading until it moves on
            updateInterest();
        }
    }

    /** Reads and drops what a peer still sends after a lingering close, raw (TLS records need no decrypting). */
    private void discardInput() throws IOException {
        for (int i = 0; i < READS_PER_TURN && !ended; i++) {
            int count = socket.read(loop.readBuffer());
            if (count < 0 || (discarded += count) > TransportChannel.LINGER_MAX_BYTES) {
                end(null);
                return;
            }
            if (count == 0) {
                return;
            }
        }
    }

    void receive(ByteBuffer plaintext) {
        if (!ended) {
            handler.onReceived(plaintext);
        }
    }

    @Override
    public void onDeadline(long deadline, long nowNanos) {
        if (deadline == timerQueued) {
            timerQueued = NONE;
        }
        if (ended || timerWanted == NONE) {
            return;
        }
        if (timerWanted - nowNanos > 0) {
            setTimer(timerWanted);
            return;
        }
        timerWanted = NONE;
        if (lingering) {
            end(null);
        } else if (connecting != null) {
            end(new SocketTimeoutException("Connect timed out"));
        } else {
            try {
                handler.onTimer(nowNanos);
            } catch (RuntimeException | Error e) {
                failed(e);
            }
        }
    }

    /** Keeps at most a few heap entries per connection however often the deadline moves: later ones wait. */
    private void setTimer(long deadline) {
        if (lingering && deadline != lingerDeadline) {
            return;
        }
        timerWanted = deadline;
        if (deadline != NONE && !ended && (timerQueued == NONE || deadline - timerQueued < 0)) {
            timerQueued = deadline;
            loop.schedule(timerSlot, deadline);
        }
    }

    private void onSignals() {
        int bits = signals.getAndSet(0);
        if (ended) {
            return;
        }
        if ((bits & ABORT) != 0) {
            end(null);
            return;
        }
        if ((bits & TIMER) != 0) {
            setTimer(requestedDeadline);
        }
        if ((bits & PAUSE) != 0) {
            applyPause();
        }
        if ((bits & WRITE) != 0) {
            queueFlush();
        }
    }

    private void signal(int bit) {
        int previous;
        do {
            previous = signals.get();
            if ((previous & bit) != 0) {
                return;
            }
        } while (!signals.compareAndSet(previous, previous | bit));
        if (previous == 0) {
            loop.execute(onSignals);
        }
    }

    private void applyPause() {
        readPaused = pauseRequested;
        updateInterest();
    }

    void updateInterest() {
        if (ended || connecting != null && !socket.isConnected()) {
            return;
        }
        int ops = writeBlocked ? SelectionKey.OP_WRITE : 0;
        if (lingering || !readPaused && (tls == null || !tls.isBusy())) {
            ops |= SelectionKey.OP_READ;
        }
        setInterest(ops);
    }

    private void setInterest(int ops) {
        if (ops != interest) {
            interest = ops;
            key.interestOps(ops);
        }
    }

    // ---- output, on the loop ----

    private void queueFlush() {
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
            if (lingering) {
                linger();
                return;
            }
            boolean cutShort = false;
            if (output.writePending() && (tls == null || tls.advance(this)) && !ended) {
                cutShort = tls == null ? output.writePlain() : output.writeTls();
            }
            if (!ended && output.takeFlushed()) {
                handler.onOutputFlushed();
            }
            if (!cutShort && !output.hasPending() && closeRequested && !handler.hasOutput()) {
                if (lingerRequested) {
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
        if (!lingering) {
            lingering = true;
            lingerDeadline = System.nanoTime() + LINGER_NANOS;
            setTimer(lingerDeadline);
            if (tls != null) {
                tls.closeOutbound(this);
            }
        }
        boolean written = output.writePending();
        if (written && !outputShut && !ended) {
            outputShut = true;
            socket.shutdownOutput();
        }
        writeBlocked = !written;
        updateInterest();
    }

    /** Ends the connection in order: close_notify for TLS (as far as the socket takes it), then the socket. */
    void shutdown() {
        if (tls != null && !ended) {
            tls.closeOutbound(this);
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
        timerWanted = NONE;
        timerSlot.clear();
        output.release();
        if (tls != null) {
            tls.release();
        }
        if (key != null) {
            key.cancel();
        }
        closeQuietly();
        CompletableFuture<Void> connected = connecting;
        connecting = null;
        if (connected != null) {
            connected.completeExceptionally(cause != null ? cause : new ClosedChannelException());
        } else {
            handler.onClosed(closeRequested ? null : cause);
        }
    }

    /**
     * Stands for the channel in the loop's deadline heap, whose entries stay until their time (a close timeout
     * may be 10 s out): once the channel ends, they keep this slot alone, not the connection and its engine.
     */
    private static final class TimerSlot implements EventLoop.Timed {
        private NioChannel channel;

        TimerSlot(NioChannel channel) {
            this.channel = channel;
        }

        void clear() {
            channel = null;
        }

        @Override
        public void onDeadline(long deadline, long nowNanos) {
            NioChannel target = channel;
            if (target != null) {
                target.onDeadline(deadline, nowNanos);
            }
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

    // ---- TransportChannel: any thread ----

    @Override
    public void requestWrite() {
        if (loop.inLoop()) {
            queueFlush();
        } else {
            signal(WRITE);
        }
    }

    @Override
    public void close() {
        closeRequested = true;
        requestWrite();
    }

    @Override
    public void closeLingering() {
        lingerRequested = true;
        close();
    }

    @Override
    public void abort() {
        closeRequested = true;
        if (loop.inLoop()) {
            end(null);
        } else {
            signal(ABORT);
        }
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        if (loop.inLoop()) {
            requestedDeadline = deadlineNanos;
            setTimer(deadlineNanos);
        } else if (deadlineNanos != requestedDeadline) {
            requestedDeadline = deadlineNanos;
            signal(TIMER);
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        pauseRequested = paused;
        if (loop.inLoop()) {
            applyPause();
        } else {
            signal(PAUSE);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isSecure() {
        return tls != null;
    }
}
