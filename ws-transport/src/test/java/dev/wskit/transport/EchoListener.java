package dev.wskit.transport;

import java.nio.ByteBuffer;

/** Echoes every message back, as the conformance suite's echo server does. */
class EchoListener extends RecordingListener {
    @Override
    public void onText(WebSocket socket, String text) {
        super.onText(socket, text);
        socket.sendText(text);
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        socket.sendBinary(data.duplicate());
        super.onBinary(socket, data);
    }
}
