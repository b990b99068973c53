package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients that fail a server, on every transport, plain and over TLS: a client that vanishes mid-handshake,
 * mid-frame or mid-TLS-record, or resets its connection, ends in one {@code onClose} with 1006 (RFC 6455 §7.1.5),
 * or, when it never got past the handshake, in no event at all; either way the server keeps no connection, no
 * inbound memory, no thread and no socket for it. A client that stops reading while the server broadcasts is cut
 * off by the write-stall timeout while the others receive everything, and the broadcaster never blocks.
 *
 * <p>Each test checks "exactly once" deterministically: it waits for the close, then for the connection's
 * socket and thread to be gone, and only then asserts the listener's complete list of events.
 */
class FaultBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";
    /** How a connection lost without a Close frame ends (RFC 6455 §7.1.5). */
    private static final String LOST = "close 1006 .* clean=false";
    /** Broadcast to every peer: 24 MiB in all, far more than a peer that does not read lets the kernel buffer. */
    private static final int BROADCASTS = 192;
    private static final int BROADCAST_SIZE = 128 << 10;

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientThatVanishesMidHandshakeNeverOpensAndLeavesNothing(Harness peers) throws Exception {
        RecordingListener endpoint = new RecordingListener();
        AtomicInteger listenersMade = new AtomicInteger();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> {
            listenersMade.incrementAndGet();
            return endpoint;
        }));
        Baseline baseline = Baseline.take(peers);
        CuttableSocket plain = new CuttableSocket();
        OutputStream out = peers.socket(server.port(), plain).getOutputStream();
        awaitAccepted(plain);
        byte[] request = RawPeer.request("/echo").getBytes(StandardCharsets.ISO_8859_1);
        out.write(request, 0, request.length / 2);
        out.flush();
        plain.close();

        baseline.assertNothingLeftBehind();
        assertEquals(0, listenersMade.get(), "an endpoint listener was made for a handshake never completed");
        assertEquals(List.of(), List.copyOf(endpoint.events));
        assertEquals(List.of(), server.connections());
        assertEquals(0, server.inboundMemoryUsed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void clientThatVanishesMidTlsHandshakeNeverOpensAndLeavesNothing(Harness peers) throws Exception {
        RecordingListener endpoint = new RecordingListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> endpoint));
        Baseline baseline = Baseline.take(peers);
        try (CuttableSocket plain = new CuttableSocket()) {
            plain.connect(new InetSocketAddress("localhost", server.port()), 5_000);
            plain.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
            awaitAccepted(plain);
            // half of the ClientHello goes out, then the connection ends
            plain.cutNextWrite();
            SSLSocket secure = (SSLSocket) peers.clientTls().getSocketFactory()
                .createSocket(plain, "localhost", server.port(), true);
            assertThrows(IOException.class, secure::startHandshake);
        }

        baseline.assertNothingLeftBehind();
        assertEquals(List.of(), List.copyOf(endpoint.events));
        assertEquals(List.of(), server.connections());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientThatVanishesMidFrameIsReportedAs1006OnceAndReleasesItsMessage(Harness peers) throws Exception {
        RecordingListener endpoint = new RecordingListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> endpoint));
        Baseline baseline = Baseline.take(peers);
        CuttableSocket plain = new CuttableSocket();
        RawPeer raw = peers.rawClient(server.port(), "/echo", plain);
        endpoint.opened.get(60, TimeUnit.SECONDS);
        byte[] firstFragment = new byte[100];
        Arrays.fill(firstFragment, (byte) 'a');
        raw.writeFrame(0x01, firstFragment);
        Await.until(Duration.ofSeconds(60), () -> server.inboundMemoryUsed() >= firstFragment.length,
            () -> "the first fragment is not held: " + server.inboundMemoryUsed());
        // the last fragment's header announces 1,000 bytes; 10 of them come, then the client is gone
        byte[] lastFragment = RawPeer.encode(0x80, new byte[1_000], true);
        raw.write(Arrays.copyOf(lastFragment, 2 + 2 + 4 + 10));
        plain.close();

        assertLostOnce(endpoint, server, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void clientThatResetsItsConnectionIsReportedAs1006Once(Harness peers) throws Exception {
        RecordingListener endpoint = new RecordingListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> endpoint));
        Baseline baseline = Baseline.take(peers);
        CuttableSocket plain = new CuttableSocket();
        peers.rawClient(server.port(), "/echo", plain);
        endpoint.opened.get(60, TimeUnit.SECONDS);
        plain.reset();

        assertLostOnce(endpoint, server, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void clientThatVanishesMidTlsRecordIsReportedAs1006Once(Harness peers) throws Exception {
        RecordingListener endpoint = new RecordingListener();
        WebSocketServer server = peers.server(config -> config.endpoint("/echo", () -> endpoint));
        Baseline baseline = Baseline.take(peers);
        CuttableSocket plain = new CuttableSocket();
        RawPeer raw = peers.rawClient(server.port(), "/echo", plain);
        endpoint.opened.get(60, TimeUnit.SECONDS);
        // the record carrying this frame is cut in half, then the client is gone
        plain.cutNextWrite();
        raw.writeFrame(0x81, "never decrypted".getBytes(StandardCharsets.UTF_8));

        assertLostOnce(endpoint, server, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void peerThatStopsReadingDuringABroadcastIsCutOffWhileTheOthersReceiveEverything(Harness peers)
        throws Exception {
        List<RecordingListener> serverSides = new CopyOnWriteArrayList<>();
        WebSocketServer server = peers.server(config -> config.connection(c -> c.maxBufferedBytes(64L << 20)
            .writeStallTimeout(Duration.ofSeconds(2))).endpoint("/feed", () -> {
                RecordingListener listener = new RecordingListener();
                serverSides.add(listener);
                return listener;
            }));
        // this raw client reads nothing after its handshake; the harness closes it after the test
        peers.rawClient(server.port(), "/feed");
        Await.until(Duration.ofSeconds(60), () -> serverSides.size() == 1, serverSides::toString);
        RecordingListener stuckSide = serverSides.getFirst();
        stuckSide.opened.get(60, TimeUnit.SECONDS);
        List<CountingListener> healthy = List.of(new CountingListener(), new CountingListener());
        for (CountingListener client : healthy) {
            peers.connect(server.port(), "/feed", client, config -> config);
        }
        Await.until(Duration.ofSeconds(60), () -> server.connections().size() == 3, server.connections()::toString);

        PreparedMessage message = PreparedMessage.binary(ByteBuffer.allocate(BROADCAST_SIZE));
        List<CompletableFuture<Void>> broadcasts = new CopyOnWriteArrayList<>();
        // the broadcaster only queues: it returns however slow or stuck a peer is
        CompletableFuture.runAsync(() -> {
            for (int i = 0; i < BROADCASTS; i++) {
                broadcasts.add(server.broadcast(message));
            }
        }).get(120, TimeUnit.SECONDS);

        for (CountingListener client : healthy) {
            client.all.get(120, TimeUnit.SECONDS);
        }
        List<String> events = stuckSide.untilClose();
        assertEquals(3, events.size(), events::toString);
        assertEquals(List.of("open", "error IOException"), events.subList(0, 2), events::toString);
        assertTrue(events.get(2).matches(LOST), events::toString);
        CompletableFuture.allOf(broadcasts.toArray(CompletableFuture<?>[]::new)).get(120, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(60), () -> server.connections().size() == 2, server.connections()::toString);
        for (CountingListener client : healthy) {
            assertEquals(BROADCASTS, client.received.get(), "messages received by a healthy peer");
            assertEquals(List.of("open"), List.copyOf(client.events), "a healthy peer's events");
        }
        for (RecordingListener serverSide : serverSides.subList(1, serverSides.size())) {
            assertEquals(List.of("open"), List.copyOf(serverSide.events), "a healthy peer's events on the server");
        }
        assertEquals(1, stuckSide.closeCount.get(), "onClose calls for the stuck peer");
    }

    /**
     * Waits until the server has accepted a connection: this process holds a socket whose local end is the
     * server's port and whose remote end is the client's (Linux: {@code /proc/net/tcp*} name the sockets by inode,
     * {@code /proc/self/fd} the inodes this process holds). A count of open files would do only while no other
     * file closes meanwhile, which an earlier test's server, still releasing its port, may do.
     */
    private static void awaitAccepted(Socket client) throws InterruptedException {
        int serverPort = client.getPort();
        int clientPort = client.getLocalPort();
        Await.until(Duration.ofSeconds(60), () -> holdsSocket(serverPort, clientPort),
            () -> "the server did not accept the connection from port " + clientPort);
    }

    private static boolean holdsSocket(int localPort, int remotePort) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] fields = line.trim().split("\\s+");
                    if (port(fields[1]) == localPort && port(fields[2]) == remotePort) {
                        inodes.add("socket:[" + fields[9] + "]");
                    }
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // a table that does not exist (no IPv6) or changed as it was read: the next poll reads it again
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The port of an address as {@code /proc/net/tcp} writes it: hex address, colon, hex port. */
    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    /**
     * Asserts that a connection lost without a Close ended in one {@code onClose} with 1006 and left nothing: no
     * connection, no inbound memory, no thread, no socket; then, with nothing left that could call the listener,
     * that its events were the open and the close, with no message.
     */
    private static void assertLostOnce(RecordingListener endpoint, WebSocketServer server, Baseline baseline)
        throws Exception {
        endpoint.closed.get(60, TimeUnit.SECONDS);
        Await.until(Duration.ofSeconds(60), () -> server.connections().isEmpty(), server.connections()::toString);
        baseline.assertNothingLeftBehind();
        assertEquals(0, server.inboundMemoryUsed(), "bytes of the inbound budget still used");
        List<String> events = new ArrayList<>(endpoint.events);
        assertEquals(2, events.size(), events::toString);
        assertEquals("open", events.getFirst());
        assertTrue(events.getLast().matches(LOST), events::toString);
        assertEquals(1, endpoint.closeCount.get(), "onClose calls");
    }

    /** Counts the binary messages of a broadcast, keeping none of them, and records every other event. */
    private static final class CountingListener extends RecordingListener {
        final AtomicInteger received = new AtomicInteger();
        final CompletableFuture<Void> all = new CompletableFuture<>();

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            assertEquals(BROADCAST_SIZE, data.remaining(), "size of a broadcast message");
            if (received.incrementAndGet() == BROADCASTS) {
                all.complete(null);
            }
        }
    }
}
