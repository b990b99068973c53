package dev.wskit.servlet;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upgraded connection: the {@link TransportChannel} that a wskit connection handler drives, over the
 * container's non-blocking streams ({@link ReadListener}, {@link WriteListener}).
 *
 * <p>The streams are used as the Servlet API demands: nothing is read or written unless {@code isReady()} said so,
 * and one thread at a time reads, and one at a time writes. Each side is a work loop (a counter: the thread that
 * raises it from zero runs the loop until no more work was asked for), entered from the container's callbacks
 * ({@link #onDataAvailable}, {@link #onWritePossible}) and from the connection (an application's send asks for a
 * write; resuming asks for a read). The end of the connection is delivered on the read side, so that
 * {@link ConnectionHandler#onClosed} never overlaps {@link ConnectionHandler#onReceived}.
 *
 * <p>Copies are those the stream API forces: the container copies received bytes into the read array, which the
 * engine reads in place, and copies (or writes directly from) the array that frames are produced into; large
 * payloads that go on the wire unchanged are written from the application's own array. Output stops while the
 * container's stream is not ready, so that what the peer does not read waits in wskit's send queue and
 * counts in its backpressure; reading pauses by not reading until resumed.
 */
final class ServletConnection implements TransportChannel, ReadListener, WriteListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServletConnection.class);
    private static final int CHUNK = 16 * 1024;
    private static final int MIN_DETACHED = 8 * 1024;

    private final ConnectionHandler handler;
    private final WebConnection connection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    private final DeadlineTimer timer;
    private final WebSocketUpgradeHandler.Endpoints endpoints;
    private final Runnable onEnd;
    private final byte[] readBuffer = new byte[CHUNK];
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(CHUNK);
    private final AtomicInteger readWork = new AtomicInteger();
    private final AtomicInteger writeWork = new AtomicInteger();
    private final AtomicBoolean endAsked = new AtomicBoolean();
    private volatile boolean readPaused;
    private volatile boolean closeRequested;
    private volatile IOException endCause;
    private volatile boolean ended;
    private boolean failed;
    private boolean handlerTold;
    private volatile boolean waitedForWrite;
    // the write side's state, touched only inside its work loop
    private ByteBuffer detached;
    private boolean unflushed;
    private boolean flushing;

    ServletConnection(ConnectionHandler handler, WebConnection connection, DeadlineTimer timer,
                      WebSocketUpgradeHandler.Endpoints endpoints, Runnable onEnd) throws IOException {
        this.handler = handler;
        this.connection = connection;
        this.in = connection.getInputStream();
        this.out = connection.getOutputStream();
        this.timer = timer;
        this.endpoints = endpoints;
        this.onEnd = onEnd;
        timer.onDeadline(this::onTimer);
    }

    /** Starts the engine and listens to the streams; on the container's thread, in {@code init}. */
    void start() {
        // both sides are held until the handler is connected: the containers may call the listeners at once, and
        // the streams are non-blocking (isReady() may be called) only once both listeners are set
        readWork.incrementAndGet();
        writeWork.incrementAndGet();
        out.setWriteListener(this);
        in.setReadListener(this);
        try {
            handler.onConnected(this);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
        drainWrites(writeWork.get());
        drainReads(readWork.get());
    }

    // ---- the read side ----

    @Override
    public void onDataAvailable() {
        enterReads();
    }

    @Override
    public void onAllDataRead() {
        // the peer ended its side of the TCP connection: without a Close frame first, the engine reports 1006
        end(null);
    }

    @Override
    public void onError(Throwable failure) {
        end(failure instanceof IOException io ? io : new IOException(failure.toString(), failure));
    }

    private void enterReads() {
        if (readWork.getAndIncrement() == 0) {
            drainReads(1);
        }
    }

    private void drainReads(int work) {
        int missed = work;
        do {
            readSome();
            missed = readWork.addAndGet(-missed);
        } while (missed != 0);
    }

    private void readSome() {
        try {
            if (endAsked.get()) {
                deliverEnd();
                return;
            }
            while (!readPaused && in.isReady() && !endAsked.get()) {
                int count = in.read(readBuffer);
                if (count < 0) {
                    return;
                }
                handler.onReceived(ByteBuffer.wrap(readBuffer, 0, count));
            }
            if (endAsked.get()) {
                deliverEnd();
            }
        } catch (IOException e) {
            endCause = e;
            endAsked.set(true);
            deliverEnd();
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        readPaused = paused;
        if (!paused) {
            // the container calls onDataAvailable only after isReady() said false: bytes it holds are read here
            enterReads();
        }
    }

    // ---- the write side ----

    @Override
    public void requestWrite() {
        if (writeWork.getAndIncrement() == 0) {
            drainWrites(1);
        }
    }

    private void drainWrites(int work) {
        int missed = work;
        do {
            writeSome();
            missed = writeWork.addAndGet(-missed);
        } while (missed != 0);
    }

    @Override
    public void onWritePossible() {
        if (waitedForWrite) {
            handler.onOutputProgress();
        }
        requestWrite();
    }

    private void writeSome() {
        try {
            while (!ended && isReadyToWrite()) {
                if (!writeStep()) {
                    return;
                }
            }
        } catch (IOException e) {
            end(e);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    private boolean isReadyToWrite() {
        boolean ready = out.isReady();
        waitedForWrite = !ready;
        return ready;
    }

    /** Takes one step of output while the stream is ready; false when there is nothing left to do. */
    private boolean writeStep() throws IOException {
        if (detached != null) {
            writeDetached();
        } else if (flushing) {
            flushing = false;
            handler.onOutputFlushed();
        } else if (closeRequested && !unflushed) {
            end(null);
            return false;
        } else if (!closeRequested && handler.hasOutput()) {
            produce();
        } else if (unflushed) {
            unflushed = false;
            flushing = !closeRequested;
            out.flush();
        } else {
            return false;
        }
        return true;
    }

    private void produce() throws IOException {
        writeBuffer.clear();
        detached = handler.produceGathering(writeBuffer, MIN_DETACHED);
        if (writeBuffer.position() > 0) {
            out.write(writeBuffer.array(), 0, writeBuffer.position());
            unflushed = true;
        }
    }

    /** Writes a payload handed over by the engine, from its own array when it has one. */
    private void writeDetached() throws IOException {
        if (detached.hasArray()) {
            out.write(detached.array(), detached.arrayOffset() + detached.position(), detached.remaining());
            detached = null;
        } else {
            int count = Math.min(CHUNK, detached.remaining());
            detached.get(writeBuffer.clear().array(), 0, count);
            out.write(writeBuffer.array(), 0, count);
            if (!detached.hasRemaining()) {
                detached = null;
            }
        }
        unflushed = true;
    }

    // ---- closing, deadlines, failures ----

    @Override
    public void close() {
        closeRequested = true;
        requestWrite();
    }

    @Override
    public void closeLingering() {
        close();
    }

    @Override
    public void abort() {
        closeRequested = true;
        end(null);
    }

    /** Ends the connection: the end is delivered to the handler on the read side, after any read under way. */
    private void end(IOException cause) {
        if (endAsked.compareAndSet(false, true)) {
            endCause = cause;
            ended = true;
            enterReads();
        }
    }

    /** On the read side: closes the connection and tells the handler, once. */
    private void deliverEnd() {
        if (!endAsked.get() || handlerTold) {
            return;
        }
        handlerTold = true;
        ended = true;
        timer.cancel();
        try {
            connection.close();
        } catch (Exception e) {
            LOG.debug("Closing the upgraded connection to {} failed: {}", endpoints.remote(), e.toString());
        }
        onEnd.run();
        handler.onClosed(closeRequested ? null : endCause);
    }

    private void onTimer(long nowNanos) {
        try {
            handler.onTimer(nowNanos);
        } catch (RuntimeException | Error e) {
            failed(e);
        }
    }

    /** Serving the connection threw: it fails with 1011, and a second failure ends it at once. */
    private void failed(Throwable e) {
        LOG.error("Connection to {} failed; closing it with 1011", endpoints.remote(), e);
        synchronized (this) {
            if (failed) {
                end(new IOException("Connection failed: " + e, e));
                return;
            }
            failed = true;
        }
        handler.onInternalError(e);
        requestWrite();
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        timer.schedule(deadlineNanos);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return endpoints.remote();
    }

    @Override
    public InetSocketAddress localAddress() {
        return endpoints.local();
    }

    @Override
    public boolean isSecure() {
        return endpoints.secure();
    }
}
