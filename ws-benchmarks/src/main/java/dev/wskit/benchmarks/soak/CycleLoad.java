package dev.wskit.benchmarks.soak;

import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives connect, message, close cycles against the server, a bounded number at a time, from this JVM over the
 * {@code nio} client transport. A cycle opens a connection (offering permessage-deflate with its defaults, so
 * both sides keep their context, RFC 7692 §7.1.1, and checking the server agreed), sends a text message,
 * awaits its echo, closes with 1000 and awaits the server's Close (RFC 6455 §7.1.2). Each batch of cycles
 * ends only when all of them have, so the server can be sampled with no cycle in flight. Thread-safe for one
 * caller of {@link #run} at a time.
 */
final class CycleLoad {
    /** A cycle that takes longer than this on a loaded machine counts as failed. */
    static final long CYCLE_SECONDS = 60;
    private static final String PAYLOAD = "{\"soak\":\"connect, message, close\",\"padding\":\""
        + "abcdefghij".repeat(40) + "\",\"cycle\":";

    private final WebSocketClient client;
    private final URI uri;
    private final boolean deflate;
    private final Semaphore slots;
    private final int concurrency;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private long started;

    /**
     * Prepares the load.
     *
     * @param port the server's port on 127.0.0.1
     * @param deflate whether to offer permessage-deflate and require it
     * @param concurrency the most cycles in flight
     */
    CycleLoad(int port, boolean deflate, int concurrency) {
        ClientHandshakeConfig.Builder handshake = ClientHandshakeConfig.builder();
        if (deflate) {
            handshake.extensions(PerMessageDeflate.withDefaults());
        }
        this.client = WebSocketClient.create(ClientConfig.builder().transport(Transports.nio())
            .handshake(handshake.build()).build());
        this.uri = URI.create("ws://127.0.0.1:" + port + "/echo");
        this.deflate = deflate;
        this.concurrency = concurrency;
        this.slots = new Semaphore(concurrency);
    }

    /**
     * Runs cycles and waits for all of them to end.
     *
     * @param count the cycles
     * @throws IOException when a cycle failed (the first failure is the cause) or did not end in time
     * @throws InterruptedException when interrupted
     */
    void run(long count) throws IOException, InterruptedException {
        for (long i = 0; i < count; i++) {
            slots.acquire();
            cycle(started++).orTimeout(CYCLE_SECONDS, TimeUnit.SECONDS).whenComplete((ignored, failure) -> {
                if (failure == null) {
                    completed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, failure);
                }
                slots.release();
            });
        }
        if (!slots.tryAcquire(concurrency, 2 * CYCLE_SECONDS, TimeUnit.SECONDS)) {
            throw new IOException("Cycles still in flight after " + 2 * CYCLE_SECONDS + " s: "
                + (concurrency - slots.availablePermits()));
        }
        slots.release(concurrency);
        if (firstFailure.get() != null) {
            throw new IOException(failed.get() + " cycles failed; the first: " + firstFailure.get(),
                firstFailure.get());
        }
    }

    /**
     * Returns the cycles completed so far.
     *
     * @return the count
     */
    long completed() {
        return completed.get();
    }

    private CompletableFuture<Void> cycle(long index) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String message = PAYLOAD + index + "}";
        client.connect(uri, new CycleListener(message, done)).whenComplete((socket, failure) -> {
            if (failure != null) {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** One cycle's listener: sends on open, closes on the echo, completes on the close. */
    private final class CycleListener implements WebSocket.Listener {
        private final String message;
        private final CompletableFuture<Void> done;

        CycleListener(String message, CompletableFuture<Void> done) {
            this.message = message;
            this.done = done;
        }

        @Override
        public void onOpen(WebSocket socket) {
            String agreed = socket.extensions();
            if (deflate && (!agreed.contains("permessage-deflate") || agreed.contains("no_context_takeover"))) {
                done.completeExceptionally(new IOException("Expected permessage-deflate with context takeover"
                    + " both ways but the server agreed to: " + agreed));
                socket.abort();
                return;
            }
            socket.sendText(message);
        }

        @Override
        public void onText(WebSocket socket, String text) {
            if (!text.equals(message)) {
                done.completeExceptionally(new IOException("Expected the echo of " + message + " but was " + text));
            }
            socket.close(1000, "");
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            if (wasClean && code == 1000) {
                done.complete(null);
            } else {
                done.completeExceptionally(new IOException("Expected a clean close with 1000 but was " + code
                    + (wasClean ? "" : " (not clean)") + " " + reason));
            }
        }
    }
}
