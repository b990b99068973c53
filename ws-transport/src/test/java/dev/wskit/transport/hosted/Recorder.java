package dev.wskit.transport.hosted;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a connection's events as lines and its messages as values, and echoes messages when asked to. */
class Recorder implements WebSocket.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final boolean echo;

    Recorder(boolean echo) {
        this.echo = echo;
    }

    @Override
    public void onOpen(WebSocket socket) {
        events.add("open");
        opened.complete(socket);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        events.add("text " + (text.length() > 64 ? text.length() + " chars" : text));
        messages.add(text);
        if (echo) {
            socket.sendText(text);
        }
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        events.add("binary " + data.remaining());
        if (echo) {
            socket.sendBinary(data.duplicate());
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        messages.add(bytes);
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add("pong " + HexFormat.of().formatHex(bytes));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add("error " + error.getClass().getSimpleName());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        String line = "close " + code + " " + reason + " clean=" + wasClean;
        events.add(line);
        closed.complete(line);
    }

    String next() throws InterruptedException {
        String event = events.poll(60, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 60 s");
        return event;
    }

    Object nextMessage() throws InterruptedException {
        Object message = messages.poll(60, TimeUnit.SECONDS);
        assertNotNull(message, "no message within 60 s");
        return message;
    }

    /** Takes the events up to and including the close, skipping messages, pings and pongs. */
    List<String> untilClose() throws InterruptedException {
        List<String> taken = new ArrayList<>();
        String event;
        do {
            event = next();
            if (!event.startsWith("pong") && !event.startsWith("binary")) {
                taken.add(event);
            }
        } while (!event.startsWith("close"));
        return taken;
    }
}
