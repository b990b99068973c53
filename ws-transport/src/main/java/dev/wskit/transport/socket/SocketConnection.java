package dev.wskit.transport.socket;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One socket driven by its own thread: the thread reads and feeds the handler. Output is written by the
 * reading thread when it asks, or else by a helper thread, so that an application's send never blocks on a
 * peer that stopped reading; a work-in-progress counter serializes the writers.
 *
 * <p>An idle connection holds little: its flags and counter are fields updated through {@link VarHandle}s, one
 * lock guards both the pause and the timer, and its read buffer starts small.
 */
final class SocketConnection implements TransportChannel {
    private static final Logger LOG = LoggerFactory.getLogger(SocketConnection.class);
    /**
     * Reads start at 512 B (a handshake request, or a small message with its header) so an idle connection holds
     * little; a read that fills the buffer doubles it.
     */
    private static final int MIN_READ_BUFFER = 512;
    /** How many bytes a writer writes between two reports that its output is flushed. */
    private static final int FLUSH_REPORT_BYTES = 64 * 1024;
    private static final int MAX_READ_BUFFER = 64 * 1024;
    /** After this many reads using a quarter of the buffer or less, it halves again. */
    private static final int SHRINK_AFTER = 8;
    private static final VarHandle WRITE_REQUESTS;
    private static final VarHandle ENDED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITE_REQUESTS = lookup.findVarHandle(SocketConnection.class, "writeRequests", int.class);
            ENDED = lookup.findVarHandle(SocketConnection.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Socket socket;
    private final boolean secure;
    private final ConnectionHandler handler;
    private final SocketTransport transport;
    /** Guards the pause and the timer: neither is held while the other is taken, and neither is held long. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    /** Write requests not yet served; updated through {@link #WRITE_REQUESTS}. */
    private volatile int writeRequests;
    private volatile boolean closeRequested;
    /** Set once, through {@link #ENDED}. */
    private volatile boolean ended;
    private boolean paused;
    private volatile boolean lingerRequested;
    private volatile boolean lingering;
    private volatile long lingerDeadline;
    private volatile Thread reader;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;

    SocketConnection(Socket socket, boolean secure, ConnectionHandler handler, SocketTransport transport) {
        this.socket = socket;
        this.secure = secure;
        this.handler = handler;
        this.transport = transport;
    }

    void run() {
        reader = Thread.currentThread();
        transport.opened(this);
        IOException failure = null;
        try {
            handler.onConnected(this);
            readLoop(socket.getInputStream());
        } catch (IOException e) {
            failure = closeRequested ? null : e;
        } catch (RuntimeException | Error e) {
            // one connection's failure: logged, answered with 1011 as far as the socket takes it, and the
            // connection ends; the server and its other connections go on
            LOG.error("Connection to {} failed; closing with 1011", socket.getRemoteSocketAddress(), e);
            failInternally(e);
        } finally {
            end(failure);
        }
    }

    private void failInternally(Throwable cause) {
        try {
            handler.onInternalError(cause);
        } catch (RuntimeException | Error e) {
            LOG.debug("Failing the connection with 1011 failed too: {}", e.toString());
        }
    }

    private void readLoop(InputStream in) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MIN_READ_BUFFER);
        int smallReads = 0;
        long discarded = 0;
        while (true) {
            awaitResume();
            int count = in.read(buffer.array(), 0, buffer.capacity());
            if (count < 0) {
                return;
            }
            if (lingering) {
                // a lingering close reads only to drop what the peer still sends, and not for ever
                discarded += count;
                if (discarded > LINGER_MAX_BYTES || System.nanoTime() - lingerDeadline > 0) {
                    return;
                }
                buffer = buffer.capacity() < MAX_READ_BUFFER ? ByteBuffer.allocate(MAX_READ_BUFFER) : buffer;
                continue;
            }
            handler.onReceived(buffer.clear().limit(count));
            smallReads = count <= buffer.capacity() / 4 ? smallReads + 1 : 0;
            if (count == buffer.capacity() && count < MAX_READ_BUFFER) {
                buffer = ByteBuffer.allocate(count * 2);
            } else if (smallReads >= SHRINK_AFTER && buffer.capacity() > MIN_READ_BUFFER) {
                buffer = ByteBuffer.allocate(buffer.capacity() / 2);
                smallReads = 0;
            }
        }
    }

    private void awaitResume() {
        lock.lock();
        try {
            while (paused && !lingering && !socket.isClosed()) {
                resumed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void end(IOException failure) {
        if (ENDED.compareAndSet(this, false, true)) {
            if (lingering) {
                limitTlsClose();
            }
            SocketTransport.closeQuietly(socket);
            cancelTimer();
            pauseReading(false);
            transport.ended(this);
            handler.onClosed(failure);
        }
    }

    @Override
    public void requestWrite() {
        if ((int) WRITE_REQUESTS.getAndAdd(this, 1) != 0) {
            return;
        }
        if (Thread.currentThread() == reader) {
            drainAll();
        } else {
            transport.runLater(this::drainAll);
        }
    }

    private void drainAll() {
        int missed = 1;
        do {
            drain();
            missed = (int) WRITE_REQUESTS.getAndAdd(this, -missed) - missed;
        } while (missed != 0);
    }

    private void drain() {
        if (socket.isClosed() || lingering) {
            // lingering: all is written and output shut (asking a TLS socket for its output stream would now fail)
            return;
        }
        ByteBuffer writeBuffer = WriteBuffers.acquire();
        try {
            OutputStream out = socket.getOutputStream();
            long unreported = 0;
            while (handler.hasOutput()) {
                writeBuffer.clear();
                int count = handler.produce(writeBuffer);
                if (count == 0) {
                    break;
                }
                out.write(writeBuffer.array(), 0, count);
                unreported += count;
                if (unreported >= FLUSH_REPORT_BYTES) {
                    // a sender that never pauses keeps this loop going: report as it goes, or bufferedAmount
                    // would count written bytes until the sender stops, and refuse sends for nothing
                    unreported = 0;
                    reportFlushed(out);
                }
            }
            if (unreported > 0) {
                reportFlushed(out);
            }
            if (closeRequested && !handler.hasOutput()) {
                if (lingerRequested) {
                    halfClose();
                } else {
                    shutdown();
                }
            }
        } catch (IOException e) {
            SocketTransport.closeQuietly(socket);
        } finally {
            WriteBuffers.release(writeBuffer);
        }
    }

    private void reportFlushed(OutputStream out) throws IOException {
        out.flush();
        handler.onOutputFlushed();
    }

    private void shutdown() {
        limitTlsClose();
        SocketTransport.closeQuietly(socket);
        pauseReading(false);
    }

    private void limitTlsClose() {
        if (secure) {
            // JSSE's close reads what is left of the input (SSLSocketImpl.deplete) with the socket's timeout,
            // none by default; racing the reading thread (as when it is in the TLS handshake), that read can
            // block forever, and with it stop()
            try {
                socket.setSoTimeout(1);
            } catch (IOException e) {
                // the socket is already closed
            }
        }
    }

    /**
     * Closes in the manner of {@link TransportChannel#closeLingering}: shuts output down (JSSE sends close_notify
     * first) and leaves the reading thread to drop input until EOF, the byte bound or the deadline.
     */
    private void halfClose() {
        if (lingering) {
            return;
        }
        lingerDeadline = System.nanoTime() + LINGER.toNanos();
        lingering = true;
        try {
            socket.setSoTimeout(Math.toIntExact(LINGER.toMillis()));
            socket.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            shutdown();
            return;
        }
        pauseReading(false);
        // a read already blocked when the timeout changed keeps the old one (none): the deadline closes the socket
        transport.schedule(this::shutdown, LINGER.toNanos());
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
        terminate();
    }

    /**
     * Ends the connection at once, as {@link #abort()} does but as a failure: the reading thread fails on the
     * closed socket and the handler hears the error. For the transport's close.
     */
    void terminate() {
        if (secure) {
            // with SO_LINGER at 0 JSSE's close does not wait for the record lock, which a writer blocked on a peer
            // that does not read holds for good: the close then releases that writer instead of joining it
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // the socket is already closed
            }
        }
        shutdown();
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        lock.lock();
        try {
            if (deadlineNanos == timerDeadline || ended) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            timerDeadline = deadlineNanos;
            timer = deadlineNanos == Long.MAX_VALUE ? null : transport.schedule(this::fireTimer,
                Math.max(0, deadlineNanos - System.nanoTime()));
        } finally {
            lock.unlock();
        }
    }

    private void fireTimer() {
        lock.lock();
        try {
            timerDeadline = Long.MAX_VALUE;
            timer = null;
        } finally {
            lock.unlock();
        }
        // writes the timer causes are handed to a helper thread: a stalled peer must not hold the shared timer
        handler.onTimer(System.nanoTime());
    }

    private void cancelTimer() {
        lock.lock();
        try {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void pauseReading(boolean pause) {
        lock.lock();
        try {
            paused = pause;
            if (!pause) {
                resumed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public boolean isSecure() {
        return secure;
    }
}
