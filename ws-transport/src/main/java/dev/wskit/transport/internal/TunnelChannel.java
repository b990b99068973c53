package dev.wskit.transport.internal;

import dev.wskit.transport.spi.TransportChannel;
import java.net.InetSocketAddress;

/**
 * The connection as the client connection sees it once a TLS tunnel through a proxy is up: requests go to the
 * transport's channel to the proxy, except a close, which is only noted, so that the {@link TunnelHandler} sends
 * close_notify (RFC 8446 §6.1) after what is still owed and then closes the socket. Thread-safe.
 */
final class TunnelChannel implements TransportChannel {
    private final TransportChannel channel;
    private volatile boolean closing;
    private volatile boolean lingering;

    /**
     * Creates the view of a tunnel.
     *
     * @param channel the transport's channel to the proxy
     */
    TunnelChannel(TransportChannel channel) {
        this.channel = channel;
    }

    /** Tells whether the client connection asked to close. */
    boolean isClosing() {
        return closing;
    }

    /** Tells whether it asked for a lingering close. */
    boolean isLingering() {
        return lingering;
    }

    @Override
    public void requestWrite() {
        channel.requestWrite();
    }

    @Override
    public void close() {
        closing = true;
        channel.requestWrite();
    }

    @Override
    public void closeLingering() {
        lingering = true;
        close();
    }

    @Override
    public void abort() {
        channel.abort();
    }

    @Override
    public void scheduleTimer(long deadlineNanos) {
        channel.scheduleTimer(deadlineNanos);
    }

    @Override
    public void pauseReading(boolean paused) {
        channel.pauseReading(paused);
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    @Override
    public boolean isSecure() {
        return true;
    }
}
