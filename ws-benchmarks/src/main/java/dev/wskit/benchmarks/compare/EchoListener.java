package dev.wskit.benchmarks.compare;

import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;

/**
 * The wskit echo endpoint that the comparison and the soak tool serve: every text or binary message goes back as it
 * came (RFC 6455 §5.6). Stateless, so one instance serves every connection of a server.
 */
public final class EchoListener implements WebSocket.Listener {
    /** The one instance. */
    public static final EchoListener INSTANCE = new EchoListener();

    private EchoListener() {
    }

    @Override
    public void onText(WebSocket socket, String text) {
        socket.sendText(text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.sendBinary(data);
    }
}
