package dev.wskit.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;

/**
 * Fits a {@link TlsSession} to one {@link NioChannel}: lends it the loop's TLS buffers, hands the plaintext it
 * produces to the channel and the records it owes to the channel's output, runs its delegated tasks on a small
 * executor (never on the loop), and keeps the bytes of a record cut short by a read until the rest arrives.
 * While the handshake waits for tasks, or for the socket to take its records, received records wait too and
 * reading stops, so a stalled peer costs no CPU. Loop thread only.
 */
final class NioTls {
    private final NioChannel channel;
    private final TlsSession session;
    private final TlsBuffers buffers;
    private final Executor tasks;
    private final Runnable runTasks = this::runTasks;
    private final Runnable tasksDone = this::tasksDone;
    /** Received bytes not yet decrypted (an incomplete record, or records the handshake stalled on); reused. */
    private ByteBuffer saved;
    private boolean stalled;
    private boolean tasksRunning;
    private boolean handshaken;

    /**
     * Fits a session to a connection.
     *
     * @param channel the connection
     * @param session its TLS, handshake begun
     * @param buffers the loop's TLS buffers
     * @param tasks where delegated tasks run
     */
    NioTls(NioChannel channel, TlsSession session, TlsBuffers buffers, Executor tasks) {
        this.channel = channel;
        this.session = session;
        this.buffers = buffers;
        this.tasks = tasks;
        buffers.fit(session);
    }

    /** Tells whether reading must wait: delegated tasks run, or received records wait for the handshake. */
    boolean isBusy() {
        return tasksRunning || stalled;
    }

    /**
     * Returns the loop's buffer for reading records, holding first what an earlier read left of one.
     *
     * @return the buffer, ready for the socket to read into
     */
    ByteBuffer readBuffer() {
        ByteBuffer net = buffers.netIn().clear();
        if (saved != null) {
            net.put(saved);
        }
        return net;
    }

    /**
     * Decrypts what a read into {@link #readBuffer()} brought.
     *
     * @param net that buffer, as the read left it
     * @param count what the read returned
     * @throws IOException when decrypting fails (after the alert owed is sent) or writing fails
     */
    void onRead(ByteBuffer net, int count) throws IOException {
        if (count > 0) {
            try {
                unwrap(net.flip());
            } catch (SSLException e) {
                throw sendAlert(e);
            }
        } else if (saved != null) {
            saved.rewind();
        }
    }

    /**
     * Moves the handshake on before output: writes the records it owes, finishes it when delegated tasks ended
     * it, and decrypts the records it stalled on.
     *
     * @return true when application data may be written now
     * @throws IOException when writing or decrypting fails
     */
    boolean advance() throws IOException {
        try {
            if (!wrapHandshake()) {
                return false;
            }
            if (!handshaken && !session.isHandshaking()) {
                finishHandshake();
            }
            if (stalled && saved != null) {
                unwrap(buffers.netIn().clear().put(saved).flip());
            }
        } catch (SSLException e) {
            throw sendAlert(e);
        }
        return handshaken && !isBusy();
    }

    private void unwrap(ByteBuffer net) throws IOException {
        stalled = false;
        TlsSession.Status status = TlsSession.Status.OK;
        while (isMoving(status) && net.hasRemaining() && !channel.isEnded()) {
            if (tasksRunning || (session.needsWrap() && !wrapHandshake())) {
                stalled = true;
                break;
            }
            ByteBuffer app = buffers.appIn();
            if (app.remaining() < buffers.appSize()) {
                deliver(app);
            }
            status = session.unwrap(net, app);
            afterStep(status, app);
        }
        deliver(buffers.appIn());
        if (status == TlsSession.Status.CLOSED) {
            channel.shutdown();
        } else if (!channel.isEnded()) {
            keep(net);
        }
        if (session.needsWrap()) {
            channel.queueFlush();
        }
    }

    private static boolean isMoving(TlsSession.Status status) {
        return status != TlsSession.Status.CLOSED && status != TlsSession.Status.NEEDS_INPUT;
    }

    private void afterStep(TlsSession.Status status, ByteBuffer app) throws SSLException {
        if (status == TlsSession.Status.NEEDS_ROOM) {
            makeRoom(app);
        } else if (status == TlsSession.Status.NEEDS_TASKS) {
            startTasks();
        }
        if (session.takeFinished() && !handshaken) {
            finishHandshake();
        }
    }

    /** The session wants a larger plaintext buffer than the loop has: hand over what is there, then grow. */
    private void makeRoom(ByteBuffer app) throws SSLException {
        boolean empty = app.position() == 0;
        int capacity = app.capacity();
        deliver(app);
        buffers.fit(session);
        if (empty && buffers.appIn().capacity() == capacity) {
            throw new SSLException("Record does not fit " + capacity + " bytes of plaintext");
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

    private void deliver(ByteBuffer app) {
        if (app.position() > 0) {
            app.flip();
            channel.receive(app);
        }
        app.clear();
    }

    /** Writes the handshake records the session owes; false while the socket or delegated tasks hold them up. */
    private boolean wrapHandshake() throws IOException {
        while (!tasksRunning && session.needsWrap()) {
            ByteBuffer out = buffers.netOut().clear();
            TlsSession.Status status = session.wrapHandshake(out);
            boolean sent = channel.transmit(out.flip());
            if (status == TlsSession.Status.CLOSED) {
                throw new SSLException("TLS closed during the handshake");
            }
            afterStep(status, null);
            if (!sent) {
                return false;
            }
        }
        return !tasksRunning;
    }

    private void finishHandshake() {
        handshaken = true;
        channel.onHandshakeFinished();
    }

    private void startTasks() {
        tasksRunning = true;
        channel.updateInterest();
        try {
            tasks.execute(runTasks);
        } catch (RejectedExecutionException e) {
            runTasks();
        }
    }

    /** On the executor: runs the tasks, then tells the loop. */
    private void runTasks() {
        try {
            session.runDelegatedTasks();
        } finally {
            channel.loop().execute(tasksDone);
        }
    }

    private void tasksDone() {
        tasksRunning = false;
        channel.onTlsTasksDone();
    }

    /**
     * Encrypts plaintext into records, as {@link TlsSession#wrap(ByteBuffer, ByteBuffer)}, growing the loop's
     * buffers when the session asks for larger records.
     */
    ByteBuffer wrap(ByteBuffer plain, ByteBuffer out) throws SSLException {
        return fitted(session.wrap(plain, out));
    }

    /** Encrypts plaintext and a payload into records, as {@link TlsSession#wrap(ByteBuffer, ByteBuffer, ByteBuffer)}. */
    ByteBuffer wrap(ByteBuffer plain, ByteBuffer payload, ByteBuffer out) throws SSLException {
        return fitted(session.wrap(plain, payload, out));
    }

    private ByteBuffer fitted(ByteBuffer records) {
        if (session.packetSize() > buffers.packetSize()) {
            buffers.fit(session);
        }
        return records;
    }

    /** Sends the fatal alert the session owes after a failure, as far as the socket takes it. */
    private SSLException sendAlert(SSLException failure) {
        try {
            ByteBuffer out = buffers.netOut().clear();
            session.wrapAlert(out);
            if (out.position() > 0) {
                channel.transmit(out.flip());
            }
        } catch (IOException e) {
            channel.logQuietly("TLS alert not sent", e);
        }
        return failure;
    }

    /** Sends close_notify, as far as the socket takes it at once. */
    void closeOutbound() {
        try {
            ByteBuffer out = buffers.netOut().clear();
            session.closeOutbound(out);
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
