package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket on one event loop: accepts without blocking and hands each connection to the next loop
 * of the transport. Thread-safe for {@link #address()} and {@link #close()}; the rest runs on its loop.
 * Connections it accepted stay open when it closes.
 */
final class NioAcceptor implements Transport.Binding, EventLoop.Selectable, EventLoop.Timed {
    private static final Logger LOG = LoggerFactory.getLogger(NioAcceptor.class);
    private static final int ACCEPTS_PER_TURN = 256;
    private static final long RETRY_NANOS = 10_000_000L;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final SSLContext tls;
    private final Supplier<ConnectionHandler> handlers;
    private final NioTransport transport;
    private final EventLoop loop;
    private SelectionKey key;

    NioAcceptor(ServerSocketChannel server, InetSocketAddress address, SSLContext tls,
                Supplier<ConnectionHandler> handlers, NioTransport transport, EventLoop loop) {
        this.server = server;
        this.address = address;
        this.tls = tls;
        this.handlers = handlers;
        this.transport = transport;
        this.loop = loop;
    }

    /** Starts accepting; on the loop. */
    void register() {
        try {
            key = server.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
        } catch (ClosedChannelException e) {
            LOG.debug("Binding {} closed before it was registered", address);
        }
    }

    @Override
    public void onReady(int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                acceptFailed(e);
                return;
            }
            if (socket == null) {
                return;
            }
            transport.adopt(socket, tls, handlers.get());
        }
    }

    /** Keeps a persistent failure (such as running out of file descriptors) from spinning the loop. */
    private void acceptFailed(IOException e) {
        if (!server.isOpen()) {
            return;
        }
        LOG.debug("Accept failed on {}: {}", address, e.toString());
        key.interestOps(0);
        loop.schedule(this, System.nanoTime() + RETRY_NANOS);
    }

    @Override
    public void onDeadline(long deadline, long nowNanos) {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Stops accepting. A registered channel is really closed (and its port released) only when its loop
     * deregisters it, so from another thread this waits for the loop to do that; on the loop itself, it
     * happens at the start of the next turn.
     */
    @Override
    public void close() {
        if (loop.inLoop() || loop.isStopped()) {
            closeChannel();
            return;
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        loop.execute(() -> {
            closeChannel();
            loop.deregisterCancelled();
            closed.complete(null);
        });
        try {
            closed.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Binding {} not deregistered by its loop: {}", address, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeChannel() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed: {}", address, e.toString());
        }
    }
}
