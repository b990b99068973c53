package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TlsHandshakeTimeoutException;
import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.spi.TransportChannel;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the {@code nio} transport adds to the shared behaviour suite: connections spread over its event loops,
 * callbacks on the loops (or on an executor), TLS over {@code SSLEngine} with large messages in both
 * directions and across transports, no loop wakeups spent on a peer that stalls mid-handshake, connect failures,
 * and closing the transport.
 */
class NioTransportTest {
    private static final int BIG = 16 << 20;
    private static SelfSignedCertificate certificate;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.forLocalhost();
    }

    @AfterAll
    static void forgetCertificate() {
        certificate = null;
    }

    @AfterEach
    void release() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void connectionsSpreadOverTheLoopsAndCallbacksRunThere() throws Exception {
        NioTransport transport = new NioTransport(2);
        resources.add(transport);
        Transport clients = Transports.nio(1);
        Set<String> serverThreads = ConcurrentHashMap.newKeySet();
        WebSocketServer server = start(ServerConfig.builder().transport(transport).endpoint("/", () ->
            new Echo() {
                @Override
                public void onOpen(WebSocket socket) {
                    serverThreads.add(Thread.currentThread().getName());
                }
            }));
        for (int i = 0; i < 6; i++) {
            Collector client = new Collector();
            WebSocket socket = connect(ClientConfig.builder().transport(clients), "ws", server, client);
            socket.sendText("hello " + i);
            assertEquals("hello " + i, client.next());
            assertTrue(client.threads.stream().allMatch(name -> name.startsWith("wskit-nio-")),
                client.threads::toString);
        }
        List<String> loops = transport.loopThreads().stream().map(Thread::getName).toList();
        assertEquals(Set.copyOf(loops), serverThreads, "accepted connections go round the loops");
    }

    @Test
    void callbacksRunOnTheGivenExecutor() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("app-callbacks").factory());
        resources.add(callbacks::shutdownNow);
        WebSocketServer server = start(ServerConfig.builder().transport(Transports.nio(1)).endpoint("/", Echo::new));
        Collector client = new Collector();
        WebSocket socket = connect(ClientConfig.builder().transport(Transports.nio(1))
            .connection(c -> c.callbackExecutor(callbacks)), "ws", server, client);
        socket.sendText("on the executor");
        assertEquals("on the executor", client.next());
        assertEquals(Set.of("app-callbacks"), Set.copyOf(client.threads));
    }

    @Test
    void largeMessagesCrossTlsBothWaysAndAcrossTransports() throws Exception {
        Transport nio = Transports.nio(2);
        WebSocketServer nioServer = start(ServerConfig.builder().transport(nio).tls(certificate.serverContext())
            .connection(c -> c.engine(bigLimits())).endpoint("/", Echo::new));
        WebSocketServer blockingServer = start(ServerConfig.builder().transport(Transports.blocking())
            .tls(certificate.serverContext()).connection(c -> c.engine(bigLimits())).endpoint("/", Echo::new));
        echoLarge(nio, nioServer);
        echoLarge(Transports.blocking(), nioServer);
        echoLarge(nio, blockingServer);
    }

    private void echoLarge(Transport clientTransport, WebSocketServer server) throws Exception {
        Collector client = new Collector();
        WebSocket socket = connect(ClientConfig.builder().transport(clientTransport)
            .connection(c -> c.engine(bigLimits())).tls(certificate.clientContext()), "wss", server, client);
        assertTrue(socket.isSecure());
        byte[] payload = new byte[BIG];
        new Random(6455).nextBytes(payload);
        socket.sendBinary(ByteBuffer.wrap(payload));
        assertArrayEquals(payload, (byte[]) client.next(), "16 MiB binary");
        String text = "ü".repeat(2 << 20);
        socket.sendText(text);
        assertEquals(text, client.next(), "4 MiB of text");
        socket.close(1000, "done").get(60, TimeUnit.SECONDS);
    }

    @Test
    void largePayloadsWrittenFromTheirOwnBuffersArriveWholeThroughABackedUpSocket() throws Exception {
        for (boolean secure : new boolean[] {false, true}) {
            List<Object> sent = new ArrayList<>();
            Random random = new Random(secure ? 2 : 1);
            ByteBuffer direct = ByteBuffer.allocateDirect(12 << 20);
            byte[] directBytes = randomBytes(random, direct.capacity());
            direct.put(directBytes).flip();
            byte[] heap = randomBytes(random, 1 << 20);
            byte[] prepared = randomBytes(random, 64 << 10);
            byte[] fragments = randomBytes(random, 700_000);
            sent.addAll(List.of(directBytes, "small", heap, prepared, fragments, "last"));
            CompletableFuture<List<CompletableFuture<Void>>> sends = new CompletableFuture<>();
            ServerConfig.Builder config = ServerConfig.builder().transport(Transports.nio(1))
                .connection(c -> c.engine(bigLimits()))
                .endpoint("/", () -> new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        sends.complete(List.of(socket.sendBinary(direct), socket.sendText("small"),
                            socket.sendBinary(ByteBuffer.wrap(heap)),
                            socket.send(PreparedMessage.binary(ByteBuffer.wrap(prepared))),
                            socket.sendBinary(ByteBuffer.wrap(fragments, 0, 300_000), false),
                            socket.sendBinary(ByteBuffer.wrap(fragments, 300_000, 400_000), true),
                            socket.sendText("last")));
                    }
                });
            WebSocketServer server = start(secure ? config.tls(certificate.serverContext()) : config);
            Collector client = new Collector();
            client.pauseOnOpen = true;
            ClientConfig.Builder clientConfig = ClientConfig.builder().transport(Transports.nio(1))
                .connection(c -> c.engine(bigLimits()));
            WebSocket socket = connect(secure ? clientConfig.tls(certificate.clientContext()) : clientConfig,
                secure ? "wss" : "ws", server, client);
            List<CompletableFuture<Void>> futures = sends.get(60, TimeUnit.SECONDS);
            // the client stopped reading in onOpen: at most a few MiB fit in the sockets' buffers, so the last
            // send waits behind what they hold until the client reads again
            assertTrue(client.pausedOnOpen.get(60, TimeUnit.SECONDS), "paused before the first message");
            assertFalse(futures.getLast().isDone(), "with the client not reading, the socket must back up");
            socket.resumeReading();
            for (Object expected : sent) {
                Object received = client.next();
                if (expected instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) received, (secure ? "wss: " : "ws: ") + bytes.length + " bytes");
                } else {
                    assertEquals(expected, received);
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertEquals(0, direct.position(), "the sender's buffer is read through a view");
        }
    }

    @Test
    void burstOfLargePreparedMessagesGoesOutGatheredAndArrivesWholeThroughABackedUpSocket() throws Exception {
        for (boolean secure : new boolean[] {false, true}) {
            Random random = new Random(secure ? 4 : 3);
            List<Object> sent = new ArrayList<>();
            for (int i = 0; i < 900; i++) {
                // payloads handed over (1 KiB and up) between small frames copied, and now and then one too
                // large to be gathered, which is written after the gathered ones: 16 MB in all, more than the
                // sockets' buffers hold
                sent.add(switch (i % 4) {
                    case 0 -> randomBytes(random, 4096 + i);
                    case 1 -> "small " + i;
                    case 2 -> randomBytes(random, 1024);
                    default -> randomBytes(random, i % 20 == 3 ? 200_000 : 32_768);
                });
            }
            CompletableFuture<Integer> refused = new CompletableFuture<>();
            CompletableFuture<CompletableFuture<Void>> last = new CompletableFuture<>();
            ServerConfig.Builder config = ServerConfig.builder().transport(Transports.nio(1))
                .connection(c -> c.engine(bigLimits()).backpressure(Backpressure.defaults().withMaxBuffered(BIG * 2L)))
                .endpoint("/", () -> new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        int count = 0;
                        for (Object message : sent) {
                            PreparedMessage prepared = message instanceof byte[] bytes
                                ? PreparedMessage.binary(ByteBuffer.wrap(bytes))
                                : PreparedMessage.text((String) message);
                            count += socket.offer(prepared) ? 0 : 1;
                        }
                        refused.complete(count);
                        last.complete(socket.send(PreparedMessage.text("last")));
                    }
                });
            WebSocketServer server = start(secure ? config.tls(certificate.serverContext()) : config);
            Collector client = new Collector();
            client.pauseOnOpen = true;
            ClientConfig.Builder clientConfig = ClientConfig.builder().transport(Transports.nio(1))
                .connection(c -> c.engine(bigLimits()));
            WebSocket socket = connect(secure ? clientConfig.tls(certificate.clientContext()) : clientConfig,
                secure ? "wss" : "ws", server, client);
            CompletableFuture<Void> lastSent = last.get(60, TimeUnit.SECONDS);
            assertEquals(0, refused.get(60, TimeUnit.SECONDS));
            assertTrue(client.pausedOnOpen.get(60, TimeUnit.SECONDS), "paused before the first message");
            assertFalse(lastSent.isDone(), "with the client not reading, the socket must back up");
            socket.resumeReading();
            for (int i = 0; i < sent.size(); i++) {
                Object expected = sent.get(i);
                Object received = client.next();
                if (expected instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) received, (secure ? "wss: " : "ws: ") + "message " + i);
                } else {
                    assertEquals(expected, received);
                }
            }
            assertEquals("last", client.next());
            lastSent.get(60, TimeUnit.SECONDS);
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void aServerHandshakeFailureIsReportedToTheClientWithAnAlert() throws Exception {
        WebSocketServer server = start(ServerConfig.builder().transport(Transports.nio(1))
            .tls(certificate.serverContext()).endpoint("/", Echo::new));
        // the server's key is EC: a client that offers only RSA suites leaves nothing to agree on
        try (SSLSocket client = (SSLSocket) certificate.clientContext().getSocketFactory()
            .createSocket("localhost", server.port())) {
            client.setSoTimeout(10_000);
            client.setEnabledProtocols(new String[] {"TLSv1.2"});
            client.setEnabledCipherSuites(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
            SSLHandshakeException failure = assertThrows(SSLHandshakeException.class, client::startHandshake);
            assertTrue(failure.getMessage().contains("Received fatal alert: handshake_failure"), failure.getMessage());
        }
    }

    @Test
    void aClientThatDistrustsTheServerSaysSoWithAnAlert() throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) certificate.serverContext().getServerSocketFactory()
            .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            // the JDK's default trust store does not know the test's self-signed certificate
            ClientConfig config = ClientConfig.builder().transport(Transports.nio(1))
                .tls(SSLContext.getDefault()).build();
            CompletableFuture<WebSocket> opened = WebSocketClient.create(config)
                .connect(URI.create("wss://localhost:" + listener.getLocalPort() + "/"), new Collector());
            try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                accepted.setSoTimeout(10_000);
                SSLException failure = assertThrows(SSLException.class, accepted::startHandshake);
                assertTrue(failure.getMessage().contains("Received fatal alert: certificate_unknown"),
                    failure.getMessage());
            }
            assertThrows(ExecutionException.class, () -> opened.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void peerStalledMidHandshakeCostsTheLoopNoWakeupsAndTimesOut() throws Exception {
        NioTransport transport = new NioTransport(1);
        resources.add(transport);
        WebSocketServer server = start(ServerConfig.builder().transport(transport).tls(certificate.serverContext())
            .connection(c -> c.handshakeTimeout(Duration.ofSeconds(1))).endpoint("/", Echo::new));
        long before = transport.selects();
        try (Socket partialRecord = rawSocket(server); Socket helloOnly = rawSocket(server)) {
            partialRecord.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02});
            helloOnly.getOutputStream().write(clientHello(server.port()));
            assertTrue(endsWithin(partialRecord), "handshake timeout closes a stalled record");
            assertTrue(endsWithin(helloOnly), "handshake timeout closes a stalled handshake");
        }
        // a loop that waits makes a select per event (two accepts, the peers' bytes, the TLS tasks' ends, the
        // server's reply, the timers, the closes); one that spins on the stalled peers makes one per turn, many
        // thousands during the handshake timeout, however loaded the machine
        long selects = transport.selects() - before;
        assertTrue(selects < 200, "the loop spun: " + selects + " selects from two stalled peers' first bytes to their end");
    }

    @Test
    void connectFailsWhenTheServerStallsTlsPastTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ClientConfig config = ClientConfig.builder().transport(Transports.nio(1))
                .tls(certificate.clientContext()).tlsHandshakeTimeout(Duration.ofMillis(500)).build();
            CompletableFuture<WebSocket> opened = WebSocketClient.create(config)
                .connect(URI.create("wss://localhost:" + silent.getLocalPort() + "/"), new Collector());
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> opened.get(60, TimeUnit.SECONDS));
            assertInstanceOf(TlsHandshakeTimeoutException.class, failure.getCause());
        }
    }

    @Test
    void connectFailsWhenRefused() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ClientConfig config = ClientConfig.builder().transport(Transports.nio(1)).build();
        CompletableFuture<WebSocket> opened = WebSocketClient.create(config)
            .connect(URI.create("ws://127.0.0.1:" + port + "/"), new Collector());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> opened.get(60, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, failure.getCause());
    }

    private static byte[] clientHello(int port) throws Exception {
        SSLEngine engine = certificate.clientContext().createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = new byte[out.flip().remaining()];
        out.get(hello);
        return hello;
    }

    private Socket rawSocket(WebSocketServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads and discards until the server ends the connection; false when it is still open after 10 s. */
    private static boolean endsWithin(Socket socket) {
        try {
            while (socket.getInputStream().read(new byte[4096]) >= 0) {
                // the server's handshake records, then the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static EngineConfig bigLimits() {
        return EngineConfig.builder().maxFramePayload(BIG).maxMessageSize(BIG).build();
    }

    @Test
    void loopThatMeetsAnErrorItCannotSurviveStopsTheTransportVisibly() throws Exception {
        NioTransport transport = new NioTransport(2);
        resources.add(transport);
        WebSocketServer server = start(ServerConfig.builder().transport(transport).endpoint("/", Echo::new));
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket = connect(ClientConfig.builder().transport(Transports.blocking()), "ws", server,
            new WebSocket.Listener() {
                @Override
                public void onClose(WebSocket closed, int code, String reason, boolean wasClean) {
                    closeCode.complete(code);
                }
            });
        assertEquals(ReadyState.OPEN, socket.readyState());
        transport.loops().get(0).execute(() -> {
            throw new OutOfMemoryError("simulated by the test: the loop itself cannot allocate");
        });
        // the peer hears the end instead of a server that keeps its port and answers nobody
        assertEquals(1006, closeCode.get(60, TimeUnit.SECONDS));
        for (Thread loop : transport.loopThreads()) {
            loop.join(Duration.ofSeconds(10));
            assertTrue(!loop.isAlive(), loop.getName() + " still runs");
        }
        assertThrows(ConnectException.class, () -> new Socket("localhost", server.port()).close(), "port still open");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> transport.connect(
            new InetSocketAddress("localhost", 9), null, 1000, new IdleHandler()).get(60, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, refused.getCause());
    }

    @Test
    void closingTheTransportEndsItsConnectionsAndLoopThreadsAndRefusesNewWork() throws Exception {
        NioTransport transport = (NioTransport) Transports.nio(2);
        WebSocketServer server = start(ServerConfig.builder().transport(transport).endpoint("/", Echo::new));
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        connect(ClientConfig.builder().transport(Transports.blocking()), "ws", server, new WebSocket.Listener() {
            @Override
            public void onClose(WebSocket closed, int code, String reason, boolean wasClean) {
                closeCode.complete(code);
            }
        });
        transport.close();
        for (Thread loop : transport.loopThreads()) {
            loop.join(Duration.ofSeconds(10));
            assertFalse(loop.isAlive(), loop.getName() + " still runs");
        }
        assertEquals(1006, closeCode.get(60, TimeUnit.SECONDS), "the open connection ends without a closing handshake");
        assertThrows(ConnectException.class, () -> new Socket("localhost", server.port()).close(), "port still open");
        ServerConfig another = ServerConfig.builder().transport(transport).endpoint("/", Echo::new).build();
        assertThrows(IllegalStateException.class, () -> WebSocketServer.start(another));
        assertThrows(IllegalStateException.class, () -> transport.connect(
            new InetSocketAddress("localhost", server.port()), null, 1000, new IdleHandler()));
        transport.close();
        assertNotSame(transport, Transports.nio(2), "the next call makes a new shared transport");
    }

    private WebSocketServer start(ServerConfig.Builder config) throws IOException {
        WebSocketServer server = WebSocketServer.start(config.build());
        resources.add(() -> server.stop(Duration.ofSeconds(1)));
        return server;
    }

    private WebSocket connect(ClientConfig.Builder config, String scheme, WebSocketServer server,
                              WebSocket.Listener listener) throws Exception {
        URI uri = URI.create(scheme + "://localhost:" + server.port() + "/");
        WebSocket socket = WebSocketClient.create(config.build()).connect(uri, listener).get(60, TimeUnit.SECONDS);
        resources.add(socket::abort);
        return socket;
    }

    /** A handler that never has anything to say. */
    private static final class IdleHandler implements ConnectionHandler {
        @Override
        public void onConnected(TransportChannel channel) {
        }

        @Override
        public void onReceived(ByteBuffer data) {
            data.position(data.limit());
        }

        @Override
        public boolean hasOutput() {
            return false;
        }

        @Override
        public int produce(ByteBuffer dst) {
            return 0;
        }

        @Override
        public void onOutputFlushed() {
        }

        @Override
        public void onTimer(long nowNanos) {
        }

        @Override
        public void onClosed(IOException cause) {
        }
    }

    /** Echoes every message back. */
    private static class Echo implements WebSocket.Listener {
        @Override
        public void onText(WebSocket socket, String text) {
            socket.sendText(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.sendBinary(data);
        }
    }

    /** Collects messages and the threads that delivered them. */
    private static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CompletableFuture<Boolean> pausedOnOpen = new CompletableFuture<>();
        volatile boolean pauseOnOpen;

        @Override
        public void onOpen(WebSocket socket) {
            if (pauseOnOpen) {
                socket.pauseReading();
                pausedOnOpen.complete(messages.isEmpty());
            }
        }

        @Override
        public void onText(WebSocket socket, String text) {
            threads.add(Thread.currentThread().getName());
            messages.add(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            threads.add(Thread.currentThread().getName());
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            messages.add(bytes);
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(120, TimeUnit.SECONDS);
            assertTrue(message != null, "no message within 120 s");
            return message;
        }
    }
}
