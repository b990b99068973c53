package dev.wskit.transport.nio;

import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for one connection of an event loop, over an {@link SSLEngine}: drives the handshake (delegated tasks
 * run on a small executor, never on the loop), decrypts records into plaintext for the handler and encrypts
 * the handler's output, and sends close_notify. Records cut short by a read are kept until the rest arrives;
 * while the handshake waits for tasks or for the socket, reading stops, so a stalled peer costs no CPU.
 * Loop thread only.
 */
final class TlsSession {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final TlsBuffers buffers;
    private final ByteBuffer[] sources = new ByteBuffer[2];
    private final Executor tasks;
    /** Received bytes not yet decrypted (an incomplete record, or records the handshake stalled on); reused. */
    private ByteBuffer saved;
    private boolean stalled;
    private boolean tasksRunning;
    private boolean handshaken;

    private TlsSession(SSLEngine engine, TlsBuffers buffers, Executor tasks) {
        this.engine = engine;
        this.buffers = buffers;
        this.tasks = tasks;
    }

    /**
     * Starts the server side of a connection's TLS.
     *
     * @param context the server's context
     * @param buffers the loop's buffers
     * @param tasks where delegated tasks run
     * @return the session, its handshake begun
     * @throws SSLException when the engine cannot begin
     */
    static TlsSession server(SSLContext context, TlsBuffers buffers, Executor tasks) throws SSLException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return begin(engine, buffers, tasks);
    }

    /**
     * Starts the client side of a connection's TLS, with SNI and (unless turned off) hostname verification.
     *
     * @param tls the client's settings
     * @param port the server's port
     * @param buffers the loop's buffers
     * @param tasks where delegated tasks run
     * @return the session, its handshake begun
     * @throws SSLException when the engine cannot begin
     */
    static TlsSession client(Transport.ClientTls tls, int port, TlsBuffers buffers, Executor tasks)
        throws SSLException {
        SSLEngine engine = tls.context().createSSLEngine(tls.host(), port);
        engine.setUseClientMode(true);
        if (tls.verifyHostname()) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return begin(engine, buffers, tasks);
    }

    private static TlsSession begin(SSLEngine engine, TlsBuffers buffers, Executor tasks) throws SSLException {
        buffers.fit(engine.getSession());
        engine.beginHandshake();
        return new TlsSession(engine, buffers, tasks);
    }

    boolean isHandshaken() {
        return handshaken;
    }

    /** Tells whether reading must wait: delegated tasks run, or received records wait for the handshake. */
    boolean isBusy() {
        return tasksRunning || stalled;
    }

    /**
     * Reads what the socket has, after the bytes of an incomplete record kept from before, and decrypts it.
     *
     * @param socket the connection's socket
     * @param channel the connection
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws IOException when reading or decrypting fails
     */
    int read(SocketChannel socket, NioChannel channel) throws IOException {
        ByteBuffer net = buffers.netIn().clear();
        if (saved != null) {
            net.put(saved);
        }
        int count = socket.read(net);
        if (count > 0) {
            try {
                unwrap(net.flip(), channel);
            } catch (SSLException e) {
                throw sendAlert(e, channel);
            }
        } else if (saved != null) {
            saved.rewind();
        }
        return count;
    }

    /**
     * Sends the fatal alert the engine owes after a failure (RFC 8446 §6, RFC 5246 §7.2: a failed handshake
     * is reported to the peer, rather than the connection just dropping), as far as the socket takes it.
     *
     * @param failure what went wrong
     * @param channel the connection
     * @return the failure, to throw
     */
    private SSLException sendAlert(SSLException failure, NioChannel channel) {
        try {
            ByteBuffer out = buffers.netOut().clear();
            engine.wrap(EMPTY, out);
            if (out.position() > 0) {
                channel.transmit(out.flip());
            }
        } catch (IOException e) {
            channel.logQuietly("TLS alert not sent", e);
        }
        return failure;
    }

    /**
     * Moves the handshake on before output: writes the records it owes, finishes it when delegated tasks ended
     * it, and decrypts the records it stalled on.
     *
     * @param channel the connection
     * @return true when application data may be written now
     * @throws IOException when writing or decrypting fails
     */
    boolean advance(NioChannel channel) throws IOException {
        try {
            if (!wrapHandshake(channel)) {
                return false;
            }
            if (!handshaken && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                finishHandshake(channel);
            }
            if (stalled && saved != null) {
                unwrap(buffers.netIn().clear().put(saved).flip(), channel);
            }
        } catch (SSLException e) {
            throw sendAlert(e, channel);
        }
        return handshaken && !isBusy();
    }

    private void unwrap(ByteBuffer net, NioChannel channel) throws IOException {
        stalled = false;
        boolean closed = false;
        boolean progress = true;
        while (progress && net.hasRemaining() && !channel.isEnded()) {
            if (tasksRunning || (needsWrap() && !wrapHandshake(channel))) {
                stalled = true;
                break;
            }
            ByteBuffer app = buffers.appIn();
            if (app.remaining() < buffers.appSize()) {
                deliver(app, channel);
            }
            SSLEngineResult result = engine.unwrap(net, app);
            closed = result.getStatus() == Status.CLOSED;
            progress = !closed && result.getStatus() != Status.BUFFER_UNDERFLOW && madeProgress(result, app, channel);
        }
        deliver(buffers.appIn(), channel);
        if (closed) {
            channel.shutdown();
        } else if (!channel.isEnded()) {
            keep(net);
        }
        if (needsWrap()) {
            channel.requestWrite();
        }
    }

    /**
     * Keeps what is left of {@code net} for the next read, in the same buffer while records keep being cut
     * (so streaming allocates nothing), and lets the buffer go once a read ends on a record's boundary.
     */
    private void keep(ByteBuffer net) {
        if (!net.hasRemaining()) {
            saved = null;
            return;
        }
        if (saved == null || saved.capacity() < net.remaining()) {
            saved = ByteBuffer.allocate(Math.max(net.remaining(), buffers.packetSize()));
        }
        saved.clear().put(net).flip();
    }

    private boolean madeProgress(SSLEngineResult result, ByteBuffer app, NioChannel channel) throws IOException {
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            // the session wants a larger plaintext buffer than the loop has: hand over what is there, then grow
            boolean empty = app.position() == 0;
            int capacity = app.capacity();
            deliver(app, channel);
            buffers.fit(engine.getSession());
            if (empty && buffers.appIn().capacity() == capacity) {
                throw new SSLException("Record does not fit " + capacity + " bytes of plaintext");
            }
            return true;
        }
        afterStep(result.getHandshakeStatus(), channel);
        return result.bytesConsumed() > 0 || result.bytesProduced() > 0 || tasksRunning || needsWrap();
    }

    private static void deliver(ByteBuffer app, NioChannel channel) {
        if (app.position() > 0) {
            app.flip();
            channel.receive(app);
        }
        app.clear();
    }

    private boolean needsWrap() {
        return engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Writes the handshake records the engine owes; false while the socket or delegated tasks hold them up. */
    private boolean wrapHandshake(NioChannel channel) throws IOException {
        while (!tasksRunning && needsWrap()) {
            ByteBuffer out = buffers.netOut().clear();
            SSLEngineResult result = engine.wrap(EMPTY, out);
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                throw new SSLException("Handshake record larger than " + out.capacity() + " bytes");
            }
            boolean sent = channel.transmit(out.flip());
            if (result.getStatus() == Status.CLOSED) {
                throw new SSLException("TLS closed during the handshake");
            }
            afterStep(result.getHandshakeStatus(), channel);
            if (!sent) {
                return false;
            }
        }
        return !tasksRunning;
    }

    private void afterStep(HandshakeStatus status, NioChannel channel) {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks(channel);
        } else if (status == HandshakeStatus.FINISHED && !handshaken) {
            finishHandshake(channel);
        }
    }

    private void finishHandshake(NioChannel channel) {
        handshaken = true;
        channel.onHandshakeFinished();
    }

    private void runTasks(NioChannel channel) {
        tasksRunning = true;
        channel.updateInterest();
        try {
            tasks.execute(() -> runDelegated(channel));
        } catch (RejectedExecutionException e) {
            runDelegated(channel);
        }
    }

    private void runDelegated(NioChannel channel) {
        try {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        } finally {
            // a task that failed leaves its error in the engine, which reports it at the next wrap or unwrap
            channel.loop().execute(() -> {
                tasksRunning = false;
                channel.onTlsTasksDone();
            });
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
    ByteBuffer wrap(ByteBuffer plain, ByteBuffer out) throws SSLException {
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
        if (records.remaining() < buffers.packetSize()) {
            records = ByteBuffer.allocate(records.capacity() + 2 * buffers.packetSize()).put(records.flip());
        }
        SSLEngineResult result = plain != null ? engine.wrap(plain, records) : engine.wrap(sources, records);
        if (result.getStatus() == Status.CLOSED) {
            throw new SSLException("TLS is closed: cannot send");
        }
        if (result.getStatus() == Status.BUFFER_OVERFLOW) {
            buffers.fit(engine.getSession());
        }
        return records;
    }

    /**
     * Sends close_notify, as far as the socket takes it at once.
     *
     * @param channel the connection
     */
    void closeOutbound(NioChannel channel) {
        engine.closeOutbound();
        try {
            ByteBuffer out = buffers.netOut().clear();
            engine.wrap(EMPTY, out);
            channel.transmit(out.flip());
        } catch (IOException e) {
            channel.logQuietly("close_notify not sent", e);
        }
    }

    /** Forgets what is kept, when the connection ends. */
    void release() {
        saved = null;
        stalled = false;
    }
}
