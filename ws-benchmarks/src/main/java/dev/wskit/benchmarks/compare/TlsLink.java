package dev.wskit.benchmarks.compare;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A link through the JDK's {@link SSLEngine}. The TLS handshake runs at creation, on a blocking channel; after
 * it the channel may be made non-blocking. Not thread-safe.
 */
final class TlsLink implements Link {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;

    private TlsLink(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
    }

    /**
     * Runs the TLS handshake as client over a connected, blocking channel.
     *
     * @param channel the channel
     * @param engine a client-mode engine
     * @return the link, ready for application data
     * @throws IOException when the handshake fails
     */
    static TlsLink handshake(SocketChannel channel, SSLEngine engine) throws IOException {
        TlsLink link = new TlsLink(channel, engine);
        link.runHandshake();
        return link;
    }

    @Override
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        while (flush()) {
            if (!src.hasRemaining()) {
                return true;
            }
            wrap(src);
        }
        return false;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int produced = 0;
        while (true) {
            SSLEngineResult result = unwrap(dst);
            produced += result.bytesProduced();
            switch (result.getStatus()) {
                case OK -> {
                    if (netIn.position() == 0 && (produced > 0 || fill() == 0)) {
                        return produced;
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    int read = fill();
                    if (read <= 0) {
                        return produced > 0 || read == 0 ? produced : -1;
                    }
                }
                case BUFFER_OVERFLOW -> {
                    return produced;
                }
                case CLOSED -> {
                    return produced > 0 ? produced : -1;
                }
            }
        }
    }

    @Override
    public boolean hasBuffered() {
        return netIn.position() > 0;
    }

    private void runHandshake() throws IOException {
        engine.beginHandshake();
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
            status = switch (status) {
                case NEED_WRAP -> {
                    SSLEngineResult result = wrap(EMPTY);
                    flush();
                    yield result.getHandshakeStatus();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> handshakeUnwrap(scratch);
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> status;
            };
        }
        if (scratch.position() > 0) {
            throw new SSLException("Application data during the TLS handshake: " + scratch.position() + " bytes");
        }
    }

    private HandshakeStatus handshakeUnwrap(ByteBuffer scratch) throws IOException {
        SSLEngineResult result = unwrap(scratch);
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && fill() < 0) {
            throw new EOFException("Connection closed during the TLS handshake");
        }
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLException("TLS closed during the handshake");
        }
        return result.getHandshakeStatus() == HandshakeStatus.NEED_TASK ? runTasks() : engine.getHandshakeStatus();
    }

    private HandshakeStatus runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        netOut.clear();
        SSLEngineResult result = engine.wrap(src, netOut);
        netOut.flip();
        return result;
    }

    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        netIn.flip();
        try {
            SSLEngineResult result = engine.unwrap(netIn, dst);
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            return result;
        } finally {
            netIn.compact();
        }
    }

    private boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private int fill() throws IOException {
        return channel.read(netIn);
    }
}
