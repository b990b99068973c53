package dev.wskit.transport.socket;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening socket whose accept loop hands each connection to a new thread. */
final class SocketBinding implements Transport.Binding {
    private static final Logger LOG = LoggerFactory.getLogger(SocketBinding.class);

    private final ServerSocket server;
    private final boolean secure;
    private final Supplier<ConnectionHandler> handlers;
    private final SocketTransport transport;
    private volatile Thread acceptor;

    SocketBinding(ServerSocket server, boolean secure, Supplier<ConnectionHandler> handlers,
                  SocketTransport transport) {
        this.server = server;
        this.secure = secure;
        this.handlers = handlers;
        this.transport = transport;
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    void acceptLoop() {
        acceptor = Thread.currentThread();
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                transport.startConnection(socket, secure, handlers.get());
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("Accept failed on {}: {}", address(), e.toString());
                    pauseAfterFailure();
                }
            }
        }
    }

    /** Keeps a persistent failure (such as running out of file descriptors) from spinning the loop. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        transport.unbound(this);
        SocketTransport.closeQuietly(server);
        // A virtual thread in accept() releases the port only when it wakes up and leaves accept(): wait for
        // it, so that the port is free and the thread gone once close() returns.
        Thread current = acceptor;
        if (current != null && current != Thread.currentThread()) {
            try {
                if (!current.join(Duration.ofSeconds(5))) {
                    LOG.debug("Accept loop on {} still running after close", address());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
