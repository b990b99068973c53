package dev.wskit.transport.internal;

import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;

/**
 * The handshake of a connection whose opening handshake an HTTP server hosting wskit has already answered with
 * 101 (RFC 6455 §4.2.2): no head is parsed and no response written here. The engine (§5–§7) starts as soon as the
 * host's transport channel connects, with what was agreed in {@link UpgradeDecision.Accept}; a connection that
 * ends before then releases what was agreed. Guarded by the connection's lock.
 */
final class HostedHandshakePhase implements HandshakePhase {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private final UpgradeDecision.Accept accept;
    private final WebSocket.Listener endpoint;

    /**
     * Creates the handshake of an accepted upgrade.
     *
     * @param accept what the handshake agreed
     * @param endpoint the application's listener
     */
    HostedHandshakePhase(UpgradeDecision.Accept accept, WebSocket.Listener endpoint) {
        this.accept = accept;
        this.endpoint = endpoint;
    }

    @Override
    public void started(Connection connection) {
        // the host has sent the 101 already: the connection is established (§4.2.2) once its channel is
        accept.open(connection, endpoint, NOTHING);
    }

    @Override
    public void received(Connection connection, ByteBuffer data) {
        // unreachable: the engine runs from the moment the channel connects, so every byte goes to it
        data.position(data.limit());
    }

    @Override
    public void failed(Connection connection, Throwable cause) {
        // only a channel that ends before it connects, which never opened: what was agreed is released
        accept.discard();
    }

    @Override
    public void ended(Connection connection) {
        // released in failed when it never opened; the engine closes the extensions of an opened connection
    }
}
