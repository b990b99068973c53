package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records a connection's events as text lines, for tests to await in order. */
class RecordingListener implements WebSocket.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final AtomicInteger closeCount = new AtomicInteger();
    final AtomicInteger concurrentCalls = new AtomicInteger();
    volatile boolean overlapped;

    private void enter() {
        if (concurrentCalls.incrementAndGet() > 1) {
            overlapped = true;
        }
    }

    private void leave() {
        concurrentCalls.decrementAndGet();
    }

    @Override
    public void onOpen(WebSocket socket) {
        enter();
        events.add("open");
        opened.complete(socket);
        leave();
    }

    @Override
    public void onText(WebSocket socket, String text) {
        enter();
        events.add("text " + (text.length() > 64 ? text.length() + " chars" : text));
        messages.add(text);
        leave();
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        enter();
        events.add("binary " + data.remaining());
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        messages.add(bytes);
        leave();
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer data) {
        events.add("ping " + StandardCharsets.UTF_8.decode(data));
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer data) {
        events.add("pong " + HexFormat.of().formatHex(toBytes(data)));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add("error " + error.getClass().getSimpleName());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        closeCount.incrementAndGet();
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
        Object message = messages.poll(120, TimeUnit.SECONDS);
        assertNotNull(message, "no message within 120 s");
        return message;
    }

    /** Takes the events up to and including the close, skipping pings and pongs. */
    List<String> untilClose() throws InterruptedException {
        List<String> taken = new ArrayList<>();
        String event;
        do {
            event = next();
            if (!event.startsWith("ping") && !event.startsWith("pong")) {
                taken.add(event);
            }
        } while (!event.startsWith("close"));
        return taken;
    }

    /**
     * Asserts that everything delivered so far was taken by the test (as OkHttp's {@code assertExhausted}): every
     * message (through {@link #nextMessage}), and every other event (through {@link #next} or
     * {@link #untilClose}), such as an error or a second close the test did not expect. The lines of messages, and
     * Pings and Pongs, may stay: messages are checked through their own queue.
     */
    void assertExhausted() {
        assertEquals(List.of(), List.copyOf(messages), "messages delivered that the test did not take");
        List<String> left = new ArrayList<>();
        for (String event : events) {
            if (!event.startsWith("text ") && !event.startsWith("binary ") && !event.startsWith("ping")
                && !event.startsWith("pong")) {
                left.add(event);
            }
        }
        assertEquals(List.of(), left, "events delivered that the test did not take");
    }

    /** Asserts that nothing more is delivered for a while (such as a second onClose). */
    void assertQuiet(Duration quiet) throws InterruptedException {
        assertNull(events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), "unexpected event");
    }

    /** Asserts that the close was the last event and came once. */
    void assertQuietAfterClose() throws InterruptedException {
        assertQuiet(Duration.ofMillis(50));
        assertEquals(1, closeCount.get(), "onClose calls");
    }

    static byte[] toBytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
