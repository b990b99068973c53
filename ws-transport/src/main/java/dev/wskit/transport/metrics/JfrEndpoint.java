package dev.wskit.transport.metrics;

import dev.wskit.transport.WebSocket;
import java.net.InetSocketAddress;

/** One endpoint's JFR events: each built only when its type is enabled in a running recording. */
final class JfrEndpoint implements ConnectionMetrics {
    private final String path;
    private final String transport;

    JfrEndpoint(EndpointTags tags) {
        this.path = tags.path();
        this.transport = tags.transport();
    }

    @Override
    public boolean countsMessages() {
        return false;
    }

    @Override
    public void onOpened(WebSocket connection) {
        JfrEvents.ConnectionOpened event = new JfrEvents.ConnectionOpened();
        if (event.isEnabled()) {
            event.path = path;
            event.transport = transport;
            InetSocketAddress remote = connection.remoteAddress();
            event.remoteAddress = remote == null ? "" : remote.toString();
            event.subprotocol = connection.subprotocol();
            event.extensions = connection.extensions();
            event.commit();
        }
    }

    @Override
    public void onHandshakeRejected(int status) {
        JfrEvents.HandshakeRejected event = new JfrEvents.HandshakeRejected();
        if (event.isEnabled()) {
            event.path = path;
            event.transport = transport;
            event.status = status;
            event.commit();
        }
    }

    @Override
    public void onProtocolError(int closeCode) {
        JfrEvents.ProtocolError event = new JfrEvents.ProtocolError();
        if (event.isEnabled()) {
            event.path = path;
            event.transport = transport;
            event.code = closeCode;
            event.commit();
        }
    }

    @Override
    public void onSendPaused(WebSocket connection, long queuedBytes) {
        backpressure(true, queuedBytes);
    }

    @Override
    public void onSendResumed(WebSocket connection, long queuedBytes) {
        backpressure(false, queuedBytes);
    }

    private void backpressure(boolean paused, long queuedBytes) {
        JfrEvents.Backpressure event = new JfrEvents.Backpressure();
        if (event.isEnabled()) {
            event.path = path;
            event.transport = transport;
            event.paused = paused;
            event.queuedBytes = queuedBytes;
            event.commit();
        }
    }

    @Override
    public void onClosed(WebSocket connection, ClosedConnection closed) {
        JfrEvents.ConnectionClosed event = new JfrEvents.ConnectionClosed();
        if (event.isEnabled()) {
            event.path = path;
            event.transport = transport;
            event.code = closed.code();
            event.reason = closed.reason();
            event.initiator = closed.initiator().name();
            event.wasClean = closed.wasClean();
            event.lifetime = closed.lifetime().toNanos();
            event.bytesIn = closed.bytesIn();
            event.bytesOut = closed.bytesOut();
            event.sendQueueHighWater = closed.sendQueueHighWater();
            event.commit();
        }
    }
}
