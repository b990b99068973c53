package dev.wskit.transport.metrics;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.WebSocket;

/** Two listeners heard in turn, as {@link WebSocketMetrics#and} makes them. */
final class BothMetrics implements ConnectionMetrics {
    private final ConnectionMetrics first;
    private final ConnectionMetrics second;

    BothMetrics(ConnectionMetrics first, ConnectionMetrics second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public boolean countsMessages() {
        return first.countsMessages() || second.countsMessages();
    }

    @Override
    public void onOpened(WebSocket connection) {
        first.onOpened(connection);
        second.onOpened(connection);
    }

    @Override
    public void onHandshakeRejected(int status) {
        first.onHandshakeRejected(status);
        second.onHandshakeRejected(status);
    }

    @Override
    public void onMessageReceived(Opcode type, long bytes) {
        first.onMessageReceived(type, bytes);
        second.onMessageReceived(type, bytes);
    }

    @Override
    public void onMessageSent(Opcode type, long bytes) {
        first.onMessageSent(type, bytes);
        second.onMessageSent(type, bytes);
    }

    @Override
    public void onCompressed(long uncompressed, long compressed) {
        first.onCompressed(uncompressed, compressed);
        second.onCompressed(uncompressed, compressed);
    }

    @Override
    public void onInflated(long compressed, long uncompressed) {
        first.onInflated(compressed, uncompressed);
        second.onInflated(compressed, uncompressed);
    }

    @Override
    public void onProtocolError(int closeCode) {
        first.onProtocolError(closeCode);
        second.onProtocolError(closeCode);
    }

    @Override
    public void onSendPaused(WebSocket connection, long queuedBytes) {
        first.onSendPaused(connection, queuedBytes);
        second.onSendPaused(connection, queuedBytes);
    }

    @Override
    public void onSendResumed(WebSocket connection, long queuedBytes) {
        first.onSendResumed(connection, queuedBytes);
        second.onSendResumed(connection, queuedBytes);
    }

    @Override
    public void onPingRoundTrip(long nanos) {
        first.onPingRoundTrip(nanos);
        second.onPingRoundTrip(nanos);
    }

    @Override
    public void onClosed(WebSocket connection, ClosedConnection closed) {
        first.onClosed(connection, closed);
        second.onClosed(connection, closed);
    }
}
