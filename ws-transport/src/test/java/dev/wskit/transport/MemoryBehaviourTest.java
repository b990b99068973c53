package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a server holds for peers that try to exhaust its memory (RFC 6455 §10.4, RFC 7692 §8.1), on every
 * transport, plain and over TLS: a connection failed by a decompression bomb lets go of the inflated message at
 * once rather than at its close timeout, and the bytes that messages in assembly hold across all connections stay
 * within the server's inbound budget, the connection that would pass it failing with 1009.
 */
class MemoryBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String OFFER = "permessage-deflate";
    /** Bombs sent at once: each inflates past the suite's 16 MiB message limit. */
    private static final int BOMBS = 50;
    /** What 50 failed connections may still hold after a full GC: before the fix, nio kept 16 MiB each. */
    private static final long HEAP_GROWTH_BOUND = 64L << 20;
    /** 32 MiB of zeros, about 32 KiB compressed: twice the message limit of {@link Harness#bigLimits()}. */
    private static final byte[] BOMB = RawPeer.encode(0xc2, CompressionBehaviourTest.compress(new byte[32 << 20]),
        true);

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void connectionsFailedByBombsReleaseTheirMessagesAtOnce(Harness peers) throws Exception {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        // 51 TLS handshakes at once on a loaded 2-core machine: the handshake deadline is not what is tested here
        WebSocketServer server = peers.server(config -> config
            .handshake(ServerHandshakeConfig.builder().extensions(deflate).build())
            .connection(c -> c.handshakeTimeout(Duration.ofSeconds(60))).endpoint("/echo", EchoListener::new));
        sendBomb(peers, server);
        long before = heapAfterGc();
        try (ExecutorService attackers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < BOMBS; i++) {
                codes.add(attackers.submit(() -> sendBomb(peers, server)));
            }
            for (Future<Integer> code : codes) {
                assertEquals(1009, code.get(60, TimeUnit.SECONDS), "close code of a bomb");
            }
        }
        // the connections' close timeouts (10 s) have not passed: what they still hold is what is measured
        long growth = heapAfterGc() - before;
        System.out.printf("%s: heap after GC grew by %d KiB after %d bombs in parallel%n", peers, growth >> 10,
            BOMBS);
        assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + (growth >> 20) + " MiB after " + BOMBS
            + " bombs, bound " + (HEAP_GROWTH_BOUND >> 20) + " MiB");
        Await.until(Duration.ofSeconds(60), () -> server.inboundMemoryUsed() == 0,
            () -> server.inboundMemoryUsed() + " bytes of the inbound budget still used");
    }

    /** Sends one bomb on a fresh connection; returns the close code the server answered with. */
    private static int sendBomb(Harness peers, WebSocketServer server) throws Exception {
        try (RawPeer raw = peers.rawClient(server.port(), "/echo", OFFER)) {
            raw.writeUntilRefused(BOMB);
            int code = raw.readClose().closeCode();
            assertTrue(raw.awaitsEnd(), "server kept the connection of a failed peer");
            return code;
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void connectionWhoseMessageWouldPassTheInboundBudgetFailsWith1009(Harness peers) throws Exception {
        // 64 KiB in all: a 20 KiB fragment holds at most 40 KiB, so a 50 KiB one beside it cannot fit
        WebSocketServer server = peers.server(config -> config.maxInboundMemory(64 << 10)
            .endpoint("/echo", EchoListener::new));
        assertEquals(64 << 10, server.inboundMemoryLimit());
        byte[] small = ascii(20 << 10);
        try (RawPeer first = peers.rawClient(server.port(), "/echo");
             RawPeer second = peers.rawClient(server.port(), "/echo")) {
            first.writeFrame(0x01, small);
            Await.until(Duration.ofSeconds(60), () -> server.inboundMemoryUsed() >= small.length,
                () -> "the first fragment is not counted: " + server.inboundMemoryUsed());
            // the server fails the frame at its header and may close while the rest is still being written
            second.writeUntilRefused(RawPeer.encode(0x01, ascii(50 << 10), true));
            RawPeer.Frame close = second.readClose();
            assertEquals(1009, close.closeCode(), close::closeReason);
            assertTrue(close.closeReason().startsWith("Inbound memory budget exhausted"), close::closeReason);
            assertTrue(second.awaitsEnd(), "server kept the connection that passed the budget");
            first.writeFrame(0x80, "!".getBytes(StandardCharsets.UTF_8));
            RawPeer.Frame echo = first.readFrame();
            assertEquals(0x81, echo.first());
            assertEquals(small.length + 1, echo.payload().length, "the other connection goes on");
            first.writeClose(1000, "");
            assertEquals(1000, first.readClose().closeCode());
        }
        Await.until(Duration.ofSeconds(60), () -> server.inboundMemoryUsed() == 0,
            () -> server.inboundMemoryUsed() + " bytes of the inbound budget still used after both closed");
    }

    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }
}
