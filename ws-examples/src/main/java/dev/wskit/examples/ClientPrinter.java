package dev.wskit.examples;

import dev.wskit.transport.WebSocket;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The client's listener: prints each event on its own line and tells the {@link ReplyWait} which events are
 * replies. In raw mode ({@code --raw}) only message payloads go to {@code out}, one per line (binary ones in
 * base64), ready for {@code jq}; everything else goes to {@code err}. Thread-safe: the transport calls it
 * while the input thread sends and the main thread waits.
 */
final class ClientPrinter implements WebSocket.Listener {
    private static final int BINARY_SHOWN = 32;

    private final PrintStream data;
    private final PrintStream info;
    private final PrintStream err;
    private final boolean raw;
    private final boolean showPingPong;
    private final ReplyWait wait;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    /** The connection's close; a new one for each connection a reconnect opens. Guarded by the lock. */
    private CompletableFuture<Boolean> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private int userPings;

    /**
     * Creates a printer.
     *
     * @param out where messages go
     * @param err where errors go, and in raw mode everything but messages
     * @param raw print bare payloads only
     * @param showPingPong print every Ping and Pong, keepalives included
     * @param wait the wait this printer feeds
     * @param nanoClock the clock, {@code System::nanoTime} outside tests
     */
    ClientPrinter(PrintStream out, PrintStream err, boolean raw, boolean showPingPong, ReplyWait wait,
                  LongSupplier nanoClock) {
        this.data = out;
        this.info = raw ? err : out;
        this.err = err;
        this.raw = raw;
        this.showPingPong = showPingPong;
        this.wait = wait;
        this.nanoClock = nanoClock;
    }

    /** Completes with whether the close was clean, once the connection open last (or about to open) has closed. */
    CompletableFuture<Boolean> closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Completes with the first connection once it is open. */
    CompletableFuture<WebSocket> opened() {
        return opened;
    }

    /** The connection opened last, or {@code null} before the first. */
    WebSocket socket() {
        return socket;
    }

    @Override
    public void onOpen(WebSocket socket) {
        locked(() -> {
            if (closed.isDone()) {
                closed = new CompletableFuture<>();
            }
        });
        this.socket = socket;
        opened.complete(socket);
        info.println("Connected to " + socket.uri()
            + (socket.subprotocol().isEmpty() ? "" : " (" + socket.subprotocol() + ")")
            + (socket.extensions().isEmpty() ? "" : " [" + socket.extensions() + "]"));
    }

    /** Notes a Ping the user sent, so that its Pong counts as a reply (a keepalive's does not). */
    void pingSent() {
        locked(() -> userPings++);
    }

    /** Starts the reply wait: the input has ended. */
    void inputEnded() {
        locked(() -> wait.inputEnded(nanoClock.getAsLong()));
    }

    /**
     * Blocks until the reply wait is over or the connection has closed.
     *
     * @throws InterruptedException when interrupted
     */
    void awaitReplies() throws InterruptedException {
        lock.lock();
        try {
            long left;
            while (!closed.isDone() && (left = wait.nanosLeft(nanoClock.getAsLong())) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reports a line that could not be sent, and goes on. */
    void problem(String message) {
        err.println("! " + message);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        data.println(raw ? text : "< text: " + text);
        replied();
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer bytes) {
        if (raw) {
            data.println(Base64.getEncoder().encodeToString(copy(bytes, bytes.remaining())));
        } else {
            String shown = HexFormat.of().formatHex(copy(bytes, Math.min(BINARY_SHOWN, bytes.remaining())));
            data.println("< binary (" + bytes.remaining() + " bytes): " + shown
                + (bytes.remaining() > BINARY_SHOWN ? "…" : ""));
        }
        replied();
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer bytes) {
        if (showPingPong) {
            info.println("< ping: " + StandardCharsets.UTF_8.decode(bytes));
        }
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer bytes) {
        boolean answersUser = answersUserPing();
        if (answersUser || showPingPong) {
            info.println("< pong: " + StandardCharsets.UTF_8.decode(bytes));
        }
        if (answersUser) {
            replied();
        }
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        problem("error: " + error.getMessage());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        info.println("< close " + code + (reason.isEmpty() ? "" : " " + reason)
            + (wasClean ? " (clean)" : " (not clean)"));
        locked(() -> closed.complete(wasClean));
    }

    private boolean answersUserPing() {
        lock.lock();
        try {
            if (userPings == 0) {
                return false;
            }
            userPings--;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void replied() {
        locked(() -> wait.replied(nanoClock.getAsLong()));
    }

    private void locked(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static byte[] copy(ByteBuffer bytes, int length) {
        byte[] copy = new byte[length];
        bytes.duplicate().get(copy);
        return copy;
    }
}
