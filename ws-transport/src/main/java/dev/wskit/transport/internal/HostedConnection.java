package dev.wskit.transport.internal;

import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The server side of a connection whose opening handshake an HTTP server hosting wskit has already answered with
 * 101 (RFC 6455 §4.2.2): no head is parsed and no response written here. The engine (§5–§7) starts as soon as the
 * host's transport channel connects, with what was agreed in {@link UpgradeDecision.Accept}.
 */
public final class HostedConnection extends Connection {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    private final UpgradeDecision.Accept accept;
    private final WebSocket.Listener endpoint;

    /**
     * Creates the connection of an accepted handshake.
     *
     * @param accept what the handshake agreed
     * @param endpoint the application's listener
     * @param settings what bounds the connection
     * @param tags the endpoint and host that its metrics are tagged with
     */
    public HostedConnection(UpgradeDecision.Accept accept, WebSocket.Listener endpoint, ConnectionSettings settings,
                            EndpointTags tags) {
        this(accept, endpoint, settings, tags, NanoClock.SYSTEM);
    }

    /**
     * Creates the connection of an accepted handshake that reads its deadlines from the given clock.
     *
     * @param accept what the handshake agreed
     * @param endpoint the application's listener
     * @param settings what bounds the connection
     * @param tags the endpoint and host that its metrics are tagged with
     * @param clock where deadlines are read from
     */
    HostedConnection(UpgradeDecision.Accept accept, WebSocket.Listener endpoint, ConnectionSettings settings,
                     EndpointTags tags, NanoClock clock) {
        super(settings.engine(), settings.handshakeTimeout().toMillis(), settings.backpressure(),
            settings.callbackExecutor(), null, clock);
        this.accept = accept;
        this.endpoint = endpoint;
        measure(settings.metrics(), tags);
    }

    @Override
    protected void handshakeStarted() {
        // the host has sent the 101 already: the connection is established (§4.2.2) once its channel is
        accept.open(this, endpoint, NOTHING);
    }

    @Override
    protected void handshakeReceived(ByteBuffer data) {
        // unreachable: the engine runs from the moment the channel connects, so every byte goes to it
        data.position(data.limit());
    }

    @Override
    protected void handshakeFailed(Throwable cause) {
        // the handshake cannot fail here: only a channel that ends before it connects, which never opened
    }

    @Override
    public void onClosed(IOException cause) {
        if (engine == null) {
            accept.discard();
        }
        super.onClosed(cause);
    }
}
