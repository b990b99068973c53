package dev.wskit.transport.nio;

import dev.wskit.transport.spi.Transport.ClientTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A client connection's connect in progress, from the TCP connect to the end of the TLS handshake (if any): the
 * future to complete, and the deadline, first the connect timeout, then the TLS handshake's own. Its channel
 * holds one only while connecting, so an open connection keeps none. Loop thread only.
 */
final class NioConnect {
    private final NioChannel channel;
    private final SocketChannel socket;
    private final ClientTls tls;
    private final CompletableFuture<Void> connected;

    /**
     * Creates the connect of a channel.
     *
     * @param channel the connection being connected
     * @param socket its socket, non-blocking and registered with the loop
     * @param tls the TLS settings, with the TLS handshake's own timeout, or {@code null} for plain TCP
     * @param connected the future to complete, or to fail (with the connect's error)
     */
    NioConnect(NioChannel channel, SocketChannel socket, ClientTls tls, CompletableFuture<Void> connected) {
        this.channel = channel;
        this.socket = socket;
        this.tls = tls;
        this.connected = connected;
    }

    /**
     * Starts the TCP connect, bounded by its timeout.
     *
     * @param address where to connect
     * @param timeoutMillis how long the TCP connect may take, 0 for no limit
     * @throws IOException when the connect cannot start
     */
    void start(InetSocketAddress address, int timeoutMillis) throws IOException {
        boolean connectedAtOnce = socket.connect(address);
        if (timeoutMillis > 0) {
            channel.setTimer(System.nanoTime() + timeoutMillis * 1_000_000L);
        }
        if (connectedAtOnce) {
            onConnectable();
        } else {
            channel.setInterest(SelectionKey.OP_CONNECT);
        }
    }

    /**
     * Finishes the TCP connect once the socket is ready: the connection is established, or, with TLS, its
     * handshake starts against its own timeout.
     *
     * @throws IOException when the connect failed
     */
    void onConnectable() throws IOException {
        if (!socket.finishConnect()) {
            return;
        }
        channel.learnAddresses();
        if (!channel.isSecure()) {
            channel.established();
        } else {
            // the connect timeout ends with the TCP connect: the TLS handshake runs against its own
            channel.setTimer(tls.handshakeDeadline(System.nanoTime()));
            channel.updateInterest();
            channel.queueFlush();
        }
    }

    /**
     * Returns the error a connect that passed its deadline fails with: a TLS handshake timeout once TCP is
     * connected, a connect timeout before.
     *
     * @param remote the peer's address, once connected
     * @return the error
     */
    IOException timedOut(InetSocketAddress remote) {
        return socket.isConnected() && tls != null
            ? tls.handshakeTimedOut(tls.host() + ":" + remote.getPort())
            : new SocketTimeoutException("Connect timed out");
    }

    /** Tells whether the TCP connect is still in progress, when no interest but OP_CONNECT applies. */
    boolean isAwaitingTcp() {
        return !socket.isConnected();
    }

    CompletableFuture<Void> future() {
        return connected;
    }
}
