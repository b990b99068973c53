package dev.wskit.transport;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Echoes every message back, as the conformance suite's echo server does, and keeps each echo's outcome: a test
 * that expects every echo written asserts {@link #assertEchoesWritten()}.
 */
class EchoListener extends RecordingListener {
    final List<CompletableFuture<Void>> echoes = new CopyOnWriteArrayList<>();

    @Override
    public void onText(WebSocket socket, String text) {
        super.onText(socket, text);
        echoes.add(socket.sendText(text));
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        echoes.add(socket.sendBinary(data.duplicate()));
        super.onBinary(socket, data);
    }

    /** Waits for every echo sent so far, and fails on the first that was not written. */
    void assertEchoesWritten() throws Exception {
        for (CompletableFuture<Void> echo : echoes) {
            echo.get(60, TimeUnit.SECONDS);
        }
    }
}
