package dev.wskit.pubsub;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wskit.transport.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client's listener that keeps the text messages it receives and the close code, for the tests to take. */
public final class Inbox implements WebSocket.Listener {
    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    /** Completes with the close code. */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();

    /** Creates an empty inbox. */
    public Inbox() {
    }

    @Override
    public void onText(WebSocket socket, String text) {
        texts.add(text);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        closed.complete(code);
    }

    /**
     * Takes the next text message.
     *
     * @return the message
     */
    public String next() throws InterruptedException {
        String text = texts.poll(60, TimeUnit.SECONDS);
        assertNotNull(text, "no message within 60 s");
        return text;
    }

    /**
     * Takes the next text message if one has arrived.
     *
     * @return the message, or null
     */
    public String poll() {
        return texts.poll();
    }

    /** Asserts that no message is waiting now. */
    public void assertEmpty() {
        assertNull(texts.peek(), "unexpected message");
    }

    /**
     * Tells how many messages wait.
     *
     * @return the count
     */
    public int size() {
        return texts.size();
    }
}
