package dev.wskit.transport.hosted;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.spi.HostedUpgrade;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour suite's core cases for a server that hosts wskit ({@link HostedUpgrade}): a subclass starts its
 * HTTP server (a Servlet container, a Netty pipeline) with one endpoint at {@link #PATH}, and the same cases run
 * against each host with wskit's client, a raw peer that breaks the rules, and the JDK's client.
 */
public abstract class HostedServerCases {
    /** The path of the endpoint a host serves. */
    protected static final String PATH = "/ws";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private WebSocketClient client;

    /** For the hosts' test classes. */
    protected HostedServerCases() {
    }

    /**
     * Starts the host with one WebSocket endpoint at {@link #PATH}.
     *
     * @param endpoint makes each connection's listener
     * @param upgrade the handshake's policy, upgrade handler and connection settings
     * @return the host's address as a {@code ws://host:port} URI, without a path
     * @throws Exception when the host does not start
     */
    protected abstract URI start(Supplier<WebSocket.Listener> endpoint, HostedUpgrade upgrade) throws Exception;

    /**
     * Stops the host started last.
     *
     * @throws Exception when it does not stop
     */
    protected abstract void stop() throws Exception;

    /**
     * Returns the host's name, as its metrics tag it.
     *
     * @return such as {@code netty}
     */
    protected abstract String hostName();

    @AfterEach
    void stopHost() throws Exception {
        stop();
    }

    private HostedUpgrade upgrade(ServerHandshakeConfig handshake, ConnectionSettings settings) {
        return new HostedUpgrade(handshake, UpgradeHandler.ACCEPT_ALL, settings, hostName());
    }

    private HostedUpgrade defaults() {
        return upgrade(ServerHandshakeConfig.defaults(), ConnectionSettings.defaults());
    }

    private WebSocket connect(URI base, WebSocket.Listener listener) throws Exception {
        client = WebSocketClient.create();
        return client.connect(base.resolve(PATH), listener).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        Recorder server = new Recorder(true);
        Recorder peer = new Recorder(false);
        WebSocket socket = connect(start(() -> server, defaults()), peer);
        socket.sendText("héllo");
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals("héllo", peer.nextMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) peer.nextMessage());
        byte[] large = new byte[300_000];
        new Random(7).nextBytes(large);
        socket.sendBinary(ByteBuffer.wrap(large));
        assertArrayEquals(large, (byte[]) peer.nextMessage(), "a payload larger than the hosts' buffers");
    }

    @Test
    void fragmentedMessageArrivesWhole() throws Exception {
        Recorder server = new Recorder(true);
        Recorder peer = new Recorder(false);
        WebSocket socket = connect(start(() -> server, defaults()), peer);
        socket.sendText("frag", false);
        socket.sendText("men", false);
        socket.sendText("ted", true);
        assertEquals("fragmented", server.nextMessage());
        assertEquals("fragmented", peer.nextMessage());
    }

    @Test
    void closeCodeAndReasonReachTheServerAndTheHandshakeCompletes() throws Exception {
        Recorder server = new Recorder(false);
        Recorder peer = new Recorder(false);
        WebSocket socket = connect(start(() -> server, defaults()), peer);
        assertEquals("open", peer.next());
        socket.close(4001, "done here");
        assertEquals(List.of("open", "close 4001 done here clean=true"), server.untilClose());
        assertEquals(List.of("close 4001 done here clean=true"), peer.untilClose());
    }

    @Test
    void serverCloseReachesTheClient() throws Exception {
        Recorder server = new Recorder(false) {
            @Override
            public void onText(WebSocket socket, String text) {
                super.onText(socket, text);
                socket.close(4002, "server bye");
            }
        };
        Recorder peer = new Recorder(false);
        WebSocket socket = connect(start(() -> server, defaults()), peer);
        socket.sendText("close please");
        assertEquals(List.of("open", "close 4002 server bye clean=true"), peer.untilClose());
    }

    @Test
    void unmaskedFrameIsAnsweredWith1002() throws Exception {
        Recorder server = new Recorder(false);
        URI base = start(() -> server, defaults());
        try (RawClient peer = new RawClient(base, PATH)) {
            // RFC 6455 §5.1: a server MUST fail the connection on an unmasked client frame
            peer.writeUnmasked(0b1000_0001, "x".getBytes(StandardCharsets.US_ASCII));
            assertEquals(1002, peer.readCloseCode());
            assertTrue(peer.awaitsEnd(), "the server did not end the connection");
        }
        assertEvents(server.untilClose(), "open", "error ProtocolException", "close 1002 ", "clean=false");
    }

    /** Asserts events up to a close whose reason is left unchecked: only its start and its end are given. */
    private static void assertEvents(List<String> events, String... expected) {
        int closeAt = expected.length - 2;
        assertEquals(List.of(expected).subList(0, closeAt), events.subList(0, events.size() - 1), events::toString);
        String close = events.get(events.size() - 1);
        assertTrue(close.startsWith(expected[closeAt]) && close.endsWith(expected[closeAt + 1]), close);
    }

    @Test
    void pingIsAnsweredWithItsPayload() throws Exception {
        Recorder server = new Recorder(false);
        Recorder peer = new Recorder(false);
        WebSocket socket = connect(start(() -> server, defaults()), peer);
        assertEquals("open", peer.next());
        socket.ping(ByteBuffer.wrap(new byte[] {(byte) 0xca, (byte) 0xfe}));
        assertEquals("pong cafe", peer.next());
    }

    @Test
    void permessageDeflateIsNegotiatedAndCompressesBothWays() throws Exception {
        Recorder server = new Recorder(true);
        Recorder peer = new Recorder(false);
        try (PerMessageDeflate serverDeflate = PerMessageDeflate.withDefaults();
             PerMessageDeflate clientDeflate = PerMessageDeflate.withDefaults()) {
            URI base = start(() -> server, upgrade(ServerHandshakeConfig.builder().extensions(serverDeflate).build(),
                ConnectionSettings.defaults()));
            client = WebSocketClient.create(ClientConfig.builder()
                .handshake(ClientHandshakeConfig.builder().extensions(clientDeflate).build()).build());
            WebSocket socket = client.connect(base.resolve(PATH), peer).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(socket.extensions().startsWith("permessage-deflate"), socket.extensions());
            String text = "compressible ".repeat(10_000);
            socket.sendText(text);
            assertEquals(text, peer.nextMessage());
            assertTrue(server.opened.get().extensions().startsWith("permessage-deflate"));
            socket.close(1000, "");
            peer.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void peerThatStopsReadingStallsTheSendQueueUntilTheWriteStallTimeout() throws Exception {
        int chunks = 128;
        List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
        Recorder server = new Recorder(false) {
            @Override
            public void onOpen(WebSocket socket) {
                super.onOpen(socket);
                // more than loopback's socket buffers take; the queued chunks share one array
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                for (int i = 0; i < chunks; i++) {
                    sends.add(socket.sendBinary(chunk));
                }
            }
        };
        ConnectionSettings settings = ConnectionSettings.builder().writeStallTimeout(Duration.ofMillis(500))
            .maxBufferedBytes((long) chunks << 20).build();
        URI base = start(() -> server, upgrade(ServerHandshakeConfig.defaults(), settings));
        try (RawClient peer = new RawClient(base, PATH)) {
            // the peer reads nothing more: the host's buffers fill, and the rest waits in wskit's send queue
            assertEvents(server.untilClose(), "open", "error IOException", "close 1006 ", "clean=false");
            long written = sends.stream().filter(send -> !send.isCompletedExceptionally()).count();
            assertTrue(written < chunks, "every send was written: the host took all " + chunks + " MiB");
            assertTrue(peer.awaitsEnd(), "the stalled connection was not ended");
        }
    }

    @Test
    void applicationRefusalIsAnsweredWithItsStatus() throws Exception {
        HostedUpgrade refusing = new HostedUpgrade(ServerHandshakeConfig.defaults(),
            request -> UpgradeHandler.Decision.refuse(401, HttpHeaders.of("WWW-Authenticate", "Bearer"), "who?"),
            ConnectionSettings.defaults(), hostName());
        URI base = start(() -> new Recorder(false), refusing);
        client = WebSocketClient.create();
        ExecutionException failed = assertThrows(ExecutionException.class,
            () -> client.connect(base.resolve(PATH), new Recorder(false)).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(401, assertInstanceOf(HandshakeException.class, failed.getCause()).status());
    }

    @Test
    void jdkClientExchangesMessagesAndClosesCleanly() throws Exception {
        Recorder server = new Recorder(true);
        URI base = start(() -> server, defaults());
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        java.net.http.WebSocket.Listener jdkListener = new java.net.http.WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add("text " + text);
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(java.net.http.WebSocket socket, int code, String reason) {
                received.add("close " + code + " " + reason);
                return null;
            }
        };
        try (HttpClient http = HttpClient.newHttpClient()) {
            java.net.http.WebSocket jdk = http.newWebSocketBuilder().buildAsync(base.resolve(PATH), jdkListener)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            jdk.sendText("from the JDK", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("text from the JDK", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            jdk.sendClose(1000, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("close 1000 bye", received.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertEquals(List.of("open", "text from the JDK", "close 1000 bye clean=true"), server.untilClose());
    }
}
