package dev.wskit.recipes;

import dev.wskit.transport.WebSocket;
import java.util.concurrent.CompletableFuture;

/* README recipe: what a send's future says, and where errors go. */
// recipe:begin
final class Sender implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket socket) {
        CompletableFuture<Void> sent = socket.sendText("hello");
        sent.whenComplete((written, failure) -> {
            if (failure != null) {
                // refused (closing, or the send queue is full: see Backpressure) or the connection was lost
                System.err.println("not sent: " + failure);
            }
        });
        if (!socket.isWritable()) {
            // past the high watermark: wait for onWritable before sending more
            System.err.println(socket.bufferedAmount() + " bytes wait for the peer");
        }
    }

    @Override
    public void onWritable(WebSocket socket) {
        socket.sendText("more");
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        // a protocol error from the peer, a failure of the connection, or an exception thrown by this listener;
        // onClose follows, exactly once
        System.err.println("error on " + socket.uri() + ": " + error);
    }
}
// recipe:end
