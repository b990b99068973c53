package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpressure behaves the same on every transport: a peer that stops reading meets the send queue's limit
 * and its overflow policy, with a writability signal when it drains; a peer that sends faster than the
 * application reads is held back by TCP while reading pauses, and loses nothing.
 */
class BackpressureTest {
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final int CHUNK = 64 * 1024;
    private static final Backpressure SMALL = Backpressure.defaults().withMaxBuffered(1 << 20)
        .withWatermarks(64 << 10, 256 << 10);

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void slowReaderMeetsTheLimitThenWritabilityReturns(Harness peers) throws Exception {
        ServerSide side = new ServerSide();
        WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side)
            .connection(c -> c.backpressure(SMALL)));
        RawPeer peer = peers.rawClient(server.port(), "/");
        WebSocket socket = side.opened.get(60, TimeUnit.SECONDS);

        HeldBack filled = fillUntilHeldBack(socket, side);
        assertEquals(ReadyState.OPEN, socket.readyState(), "FAIL_SEND keeps the connection open");

        assertEquals(filled.accepted(), readPayloadBytes(peer, filled.accepted()), "every accepted byte arrives");
        // with no more sends, the amount only falls and writability, once back, stays: polling cannot miss them
        Await.until(Duration.ofSeconds(60), () -> side.writable.get() > filled.onWritableCalls()
                && socket.isWritable() && socket.bufferedAmount() == 0,
            () -> "onWritable after draining: " + (side.writable.get() - filled.onWritableCalls()) + " calls, "
                + "writable " + socket.isWritable() + ", " + socket.bufferedAmount() + " bytes buffered");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void sendsCompleteAsTheyAreWrittenWhileTheSenderKeepsTheQueueFull(Harness peers) throws Exception {
        ServerSide side = new ServerSide();
        WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side)
            .connection(c -> c.backpressure(SMALL)));
        RawPeer peer = peers.rawClient(server.port(), "/");
        WebSocket socket = side.opened.get(60, TimeUnit.SECONDS);
        long total = 8L << 20;
        long queued = 768 << 10;
        CompletableFuture<Long> received = CompletableFuture.supplyAsync(() -> readPayloadBytes(peer, total));

        // the sender tops the queue up to 768 KiB whenever it falls below; each send completed by the writer
        // records what was still buffered at that moment
        Thread sender = Thread.currentThread();
        List<Long> bufferedAtCompletion = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long sent = 0; sent < total; ) {
            assertTrue(System.nanoTime() - deadline < 0, "sent only " + sent + " bytes in 60 s");
            if (socket.bufferedAmount() >= queued) {
                Thread.onSpinWait();
                continue;
            }
            CompletableFuture<Void> send = socket.sendBinary(chunk);
            send.whenComplete((ok, failure) -> {
                if (Thread.currentThread() != sender) {
                    bufferedAtCompletion.add(socket.bufferedAmount());
                }
            });
            sends.add(send);
            sent += chunk.capacity();
        }
        int completedWhileSending = bufferedAtCompletion.size();
        assertEquals(total, received.get(120, TimeUnit.SECONDS), "every byte arrives");
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertTrue(completedWhileSending > 0, "no send completed while the sender kept the queue filled");
        // written in pieces and reported as it goes, a send completes while the queue behind it is still well
        // filled; reporting only once the queue ran empty would show (next to) nothing buffered at every one
        long most = bufferedAtCompletion.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(most >= queued / 2, "the most still buffered when a send completed: " + most + " bytes, over "
            + bufferedAtCompletion.size() + " completions");
        assertEquals(0, socket.bufferedAmount(), "bufferedAmount falls to nothing once all is written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void overflowClosesWithTheChosenCode(Harness peers) throws Exception {
        for (Backpressure.Overflow policy : List.of(Backpressure.Overflow.CLOSE_1008,
                                                     Backpressure.Overflow.CLOSE_1013)) {
            ServerSide side = new ServerSide();
            WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side)
                .connection(c -> c.backpressure(SMALL.withOverflow(policy))));
            RawPeer peer = peers.rawClient(server.port(), "/");
            WebSocket socket = side.opened.get(60, TimeUnit.SECONDS);

            sendUntilRefused(socket, 1);
            assertNotEquals(ReadyState.OPEN, socket.readyState(), policy + " starts closing");
            assertTrue(socket.bufferedAmount() <= SMALL.maxBuffered(), "queued sends were dropped");
            assertTrue(socket.sendText("late").isCompletedExceptionally(), "no sends while closing");

            int expected = policy == Backpressure.Overflow.CLOSE_1008 ? 1008 : 1013;
            RawPeer.Frame close = peer.readClose();
            assertEquals(expected, close.closeCode(), policy.toString());
            peer.writeClose(expected, "");
            assertEquals("close " + expected + " clean=true", side.closed.get(60, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, side.error.get(60, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void floodWhileReadingIsPausedIsHeldBackThenDeliveredWhole(Harness peers) throws Exception {
        ServerSide side = new ServerSide();
        side.pauseOnOpen = true;
        WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side));
        RawPeer peer = peers.rawClient(server.port(), "/");
        WebSocket socket = side.opened.get(60, TimeUnit.SECONDS);
        Flood flood = new Flood(peer, 2_000, 32 * 1024);

        flood.awaitStall();
        assertTrue(side.sequence.isEmpty(), "nothing delivered while paused: " + side.sequence.size());
        socket.resumeReading();
        flood.finished.get(120, TimeUnit.SECONDS);
        side.awaitMessages(flood.count);
        assertEquals(IntStream.range(0, flood.count).boxed().toList(), side.sequence, "all, in order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void floodOutrunningTheCallbackExecutorPausesReading(Harness peers) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try {
            ServerSide side = new ServerSide();
            CountDownLatch gate = new CountDownLatch(1);
            side.gate = gate;
            WebSocketServer server = peers.server(config -> config.endpoint("/", () -> side)
                .connection(c -> c.callbackExecutor(callbacks)
                    .backpressure(Backpressure.defaults().withMaxUndelivered(256 << 10))));
            RawPeer peer = peers.rawClient(server.port(), "/");
            side.opened.get(60, TimeUnit.SECONDS);
            Flood flood = new Flood(peer, 4_000, 32 * 1024);

            flood.awaitStall();
            assertTrue(side.sequence.size() <= 1, "the first callback holds the rest back");
            gate.countDown();
            flood.finished.get(60, TimeUnit.SECONDS);
            side.awaitMessages(flood.count);
            assertEquals(IntStream.range(0, flood.count).boxed().toList(), side.sequence, "all, in order");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void limitsMustBeOrdered() {
        assertThrows(IllegalArgumentException.class,
            () -> new Backpressure(2, 1, 10, Backpressure.Overflow.FAIL_SEND, 1), "low above high");
        assertThrows(IllegalArgumentException.class,
            () -> new Backpressure(1, 20, 10, Backpressure.Overflow.FAIL_SEND, 1), "high above the limit");
        assertThrows(IllegalArgumentException.class,
            () -> Backpressure.defaults().withMaxUndelivered(0), "no room to receive");
        Backpressure small = Backpressure.defaults().withMaxBuffered(100);
        assertEquals(new Backpressure(100, 100, 100, Backpressure.Overflow.FAIL_SEND, 1 << 20), small,
            "a smaller limit pulls the watermarks down with it");
        ServerConfig config = ServerConfig.builder().endpoint("/", () -> new WebSocket.Listener() { })
            .connection(c -> c.maxBufferedBytes(100)).build();
        assertEquals(small, config.connection().backpressure(), "maxBufferedBytes sets the limit");
    }

    /**
     * Fills the send queue of a socket whose peer does not read until a refusal finds it not writable. One
     * refusal is not enough: until the peer's TCP receive buffer and the server's send buffer are full (several
     * MiB on loopback), the writer may drain the queue to the low watermark right after a refusal, and the socket
     * is writable again by the time the test looks. So the queue is topped up to its limit, round after round,
     * until the socket is seen past the high watermark.
     *
     * @return the bytes accepted, and the onWritable calls heard before the socket was seen not writable (the
     *     writer may still drain the queue after that, and the call that follows may come at any time)
     */
    private static HeldBack fillUntilHeldBack(WebSocket socket, ServerSide side) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long accepted = 0;
        while (true) {
            accepted += sendUntilRefused(socket, 16);
            // Read in this order, with no send in between: a refusal leaves the queue past the high watermark, so
            // the socket can be writable by now only if the writer has since drained it to the low one; and an
            // onWritable for a drain after this look is one more than the calls counted first.
            int calls = side.writable.get();
            boolean writable = socket.isWritable();
            long buffered = socket.bufferedAmount();
            if (!writable) {
                return new HeldBack(accepted, calls);
            }
            assertTrue(buffered <= SMALL.lowWatermark(), "writable again with " + buffered + " bytes buffered");
            assertTrue(System.nanoTime() - deadline < 0,
                "never past the high watermark after a refusal, with " + accepted + " bytes accepted");
            Thread.sleep(20);
        }
    }

    /** What {@link #fillUntilHeldBack} returns. */
    private record HeldBack(long accepted, int onWritableCalls) {
    }

    /** Sends 64 KiB messages until one is refused, then a few more; returns the bytes accepted. */
    private static long sendUntilRefused(WebSocket socket, int refusalsWanted) throws Exception {
        long accepted = 0;
        int refusals = 0;
        for (int i = 0; i < 16_384 && refusals < refusalsWanted; i++) {
            CompletableFuture<Void> send = socket.sendBinary(ByteBuffer.allocate(CHUNK));
            assertTrue(socket.bufferedAmount() <= SMALL.maxBuffered(), "bounded: " + socket.bufferedAmount());
            if (send.isCompletedExceptionally()) {
                ExecutionException refused = assertThrows(ExecutionException.class, send::get);
                assertInstanceOf(IllegalStateException.class, refused.getCause());
                refusals++;
            } else {
                accepted += CHUNK;
            }
        }
        assertEquals(refusalsWanted, refusals, "sends were refused at the limit");
        return accepted;
    }

    private static long readPayloadBytes(RawPeer peer, long expected) {
        long received = 0;
        while (received < expected) {
            RawPeer.Frame frame;
            try {
                frame = peer.readFrame();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertEquals(0x2, frame.opcode(), "binary frames only");
            received += frame.payload().length;
        }
        return received;
    }

    /** The server's listener: records what it needs, pauses or blocks when asked. */
    private static final class ServerSide implements WebSocket.Listener {
        final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();
        final AtomicInteger writable = new AtomicInteger();
        final List<Integer> sequence = new CopyOnWriteArrayList<>();
        volatile boolean pauseOnOpen;
        volatile CountDownLatch gate;

        @Override
        public void onOpen(WebSocket socket) {
            if (pauseOnOpen) {
                socket.pauseReading();
            }
            opened.complete(socket);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            sequence.add(data.getInt(0));
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                try {
                    waitFor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onWritable(WebSocket socket) {
            writable.incrementAndGet();
        }

        @Override
        public void onError(WebSocket socket, Throwable failure) {
            error.complete(failure);
        }

        @Override
        public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
            closed.complete("close " + code + (reason.isEmpty() ? "" : " " + reason) + " clean=" + wasClean);
        }

        void awaitMessages(int count) throws InterruptedException {
            Await.until(Duration.ofSeconds(60), () -> sequence.size() >= count,
                () -> sequence.size() + " of " + count + " messages");
        }
    }

    /**
     * A peer writing numbered binary frames as fast as TCP lets it, on its own thread. Frames are masked with
     * the all-zero key, which RFC 6455 §5.3 allows, so the payload goes out as it is.
     */
    private static final class Flood {
        final int count;
        final AtomicInteger written = new AtomicInteger();
        final CompletableFuture<Void> finished = new CompletableFuture<>();

        Flood(RawPeer peer, int count, int size) throws IOException {
            this.count = count;
            OutputStream out = peer.socket().getOutputStream();
            byte[] frame = new byte[8 + size];
            frame[0] = (byte) 0x82;
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (size >> 8);
            frame[3] = (byte) size;
            Thread.ofPlatform().daemon(true).start(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        ByteBuffer.wrap(frame, 8, 4).putInt(i);
                        out.write(frame);
                        written.incrementAndGet();
                    }
                    out.flush();
                    finished.complete(null);
                } catch (IOException e) {
                    finished.completeExceptionally(e);
                }
            });
        }

        /** Waits until the writer has made no progress for half a second, short of the end. */
        void awaitStall() throws InterruptedException {
            int last = -1;
            while (written.get() != last) {
                last = written.get();
                Thread.sleep(500);
            }
            assertTrue(last < count, "the peer was held back by TCP, after " + last + " of " + count + " frames");
        }
    }
}
