package dev.wskit.transport.internal;

import dev.wskit.codec.Role;
import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of a connection: writes the upgrade request (RFC 6455 §4.1), verifies the response, then
 * runs the engine. The bytes that follow the 101 response are the first frames and are kept.
 */
public final class ClientConnection extends Connection {
    private final ClientHandshake handshake;
    private final HttpHeadParser<HandshakeResponse> parser;
    private final WebSocket.Listener listener;
    private final CompletableFuture<WebSocket> opened;

    /**
     * Creates the client side of a connection about to be opened.
     *
     * @param config the client's configuration
     * @param handshake the handshake to perform
     * @param listener the application's listener
     * @param opened completed with this connection once open, or failed
     */
    public ClientConnection(ClientConfig config, ClientHandshake handshake, WebSocket.Listener listener,
                            CompletableFuture<WebSocket> opened) {
        super(config.connection().engine(), config.connection().handshakeTimeout().toMillis(),
            config.connection().backpressure(), config.connection().callbackExecutor(), null);
        this.handshake = handshake;
        this.parser = handshake.newResponseParser();
        this.listener = listener;
        this.opened = opened;
    }

    @Override
    protected void handshakeStarted() {
        queueHandshakeOutput(handshake.requestBytes(), false);
    }

    @Override
    protected void handshakeReceived(ByteBuffer data) {
        switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeResponse> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeResponse> rejected ->
                fail(new HandshakeException(rejected.status(), "Malformed handshake response: " + rejected.reason()));
            case HttpHeadParser.Complete<HandshakeResponse> complete -> verify(complete.head(), complete.leftover());
        }
    }

    private void verify(HandshakeResponse response, ByteBuffer leftover) {
        ClientHandshake.Accepted accepted;
        try {
            accepted = handshake.verify(response);
        } catch (HandshakeException e) {
            fail(e);
            return;
        }
        String extensionsHeader = response.headers().first("Sec-WebSocket-Extensions").orElse("");
        open(Role.CLIENT, accepted.extensions(), accepted.subprotocol().orElse(""), extensionsHeader,
            handshake.uri(), listener, leftover);
        afterUnlock(() -> opened.complete(this));
    }

    private void fail(Throwable cause) {
        afterUnlock(() -> opened.completeExceptionally(cause));
        afterUnlock(this::abort);
    }

    @Override
    protected void handshakeFailed(Throwable cause) {
        afterUnlock(() -> opened.completeExceptionally(cause));
    }
}
