package dev.wskit.benchmarks.soak;

import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many connections held open for the whole churn run, each echoing: in rounds, every connection sends one
 * message and the round ends when every echo is back, then the next round starts after a pause. Opened over the
 * {@code nio} client transport, without compression. Thread-safe.
 */
final class HeldConnections implements AutoCloseable {
    private static final int OPENING_IN_FLIGHT = 256;
    private static final long ROUND_SECONDS = 120;
    private static final long PAUSE_MILLIS = 1000;

    private final List<WebSocket> sockets;
    private final AtomicLong echoes;
    private final AtomicLong lost;
    private final Thread rounds;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile long completedRounds;

    private HeldConnections(List<WebSocket> sockets, AtomicLong echoes, AtomicLong lost) {
        this.sockets = sockets;
        this.echoes = echoes;
        this.lost = lost;
        this.rounds = Thread.ofPlatform().name("soak-held-rounds").daemon(true).unstarted(this::roundsLoop);
    }

    /**
     * Opens the connections and starts their echo rounds.
     *
     * @param port the server's port on 127.0.0.1
     * @param count the connections
     * @return the held connections, echoing
     * @throws IOException when a connection cannot be opened in time
     * @throws InterruptedException when interrupted
     */
    static HeldConnections open(int port, int count) throws IOException, InterruptedException {
        AtomicLong echoes = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                echoes.incrementAndGet();
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                lost.incrementAndGet();
            }
        };
        WebSocketClient client = WebSocketClient.create(ClientConfig.builder().transport(Transports.nio()).build());
        HeldConnections held = new HeldConnections(connect(client, URI.create("ws://127.0.0.1:" + port + "/echo"),
            count, listener), echoes, lost);
        held.rounds.start();
        return held;
    }

    private static List<WebSocket> connect(WebSocketClient client, URI uri, int count, WebSocket.Listener listener)
        throws IOException, InterruptedException {
        List<WebSocket> sockets = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(OPENING_IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            client.connect(uri, listener).whenComplete((socket, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    synchronized (sockets) {
                        sockets.add(socket);
                    }
                }
                inFlight.release();
                done.countDown();
            });
        }
        if (!done.await(ROUND_SECONDS, TimeUnit.SECONDS) || failure.get() != null) {
            throw new IOException("Could not hold " + count + " connections: " + (failure.get() != null
                ? failure.get() : done.getCount() + " connects pending after " + ROUND_SECONDS + " s"));
        }
        return List.copyOf(sockets);
    }

    private void roundsLoop() {
        try {
            for (long round = 1; !stopping; round++) {
                for (WebSocket socket : sockets) {
                    socket.sendText("held " + round);
                }
                awaitEchoes(round * sockets.size());
                completedRounds = round;
                Thread.sleep(PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private void awaitEchoes(long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROUND_SECONDS);
        while (echoes.get() < expected) {
            if (System.nanoTime() - deadline > 0 || lost.get() > 0) {
                throw new IOException("Held connections' echoes: " + echoes.get() + " of " + expected
                    + ", connections lost: " + lost.get());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Returns the echo rounds every held connection has completed.
     *
     * @return the count
     */
    long rounds() {
        return completedRounds;
    }

    /**
     * Returns the connections held.
     *
     * @return the count
     */
    int size() {
        return sockets.size();
    }

    /**
     * Stops the rounds and checks that every connection stayed open and echoed every message.
     *
     * @throws IOException when a connection was lost or a round did not complete
     * @throws InterruptedException when interrupted
     */
    void verify() throws IOException, InterruptedException {
        stopping = true;
        rounds.join(TimeUnit.SECONDS.toMillis(2 * ROUND_SECONDS));
        if (failure.get() != null) {
            throw new IOException("Held connections failed: " + failure.get(), failure.get());
        }
        if (lost.get() > 0 || completedRounds == 0) {
            throw new IOException("Held connections lost: " + lost.get() + ", rounds completed: " + completedRounds);
        }
    }

    /** Closes every held connection and waits for the close handshakes (a minute at most). */
    @Override
    public void close() {
        stopping = true;
        CompletableFuture<?>[] closing = sockets.stream().map(socket -> socket.close(1000, "done"))
            .toArray(CompletableFuture<?>[]::new);
        CompletableFuture.allOf(closing).orTimeout(60, TimeUnit.SECONDS).exceptionally(failed -> null).join();
    }
}
