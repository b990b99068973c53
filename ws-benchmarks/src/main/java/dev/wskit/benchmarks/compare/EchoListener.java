package dev.wskit.benchmarks.compare;

import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;

/**
 * The wskit echo endpoint that the comparison and the soak tool serve: every text or binary message goes back as it
 * came (RFC 6455 §5.6), through the sends without a future, as a caller that does not wait for each send writes it
 * (an echo refused by a full send queue is dropped, as the server's overflow policy says). Stateless, so one
 * instance serves every connection of a server.
 */
public final class EchoListener implements WebSocket.Listener {
    /** The one instance. */
    public static final EchoListener INSTANCE = new EchoListener();

    private EchoListener() {
    }

    @Override
    public void onText(WebSocket socket, String text) {
        socket.offerText(text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.offerBinary(data);
    }
}
