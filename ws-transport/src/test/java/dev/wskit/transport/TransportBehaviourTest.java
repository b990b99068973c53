package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every transport shares, run against each transport, plain and over TLS. */
class TransportBehaviourTest {
    private static final int BIG = 16 << 20;
    private static SelfSignedCertificate certificate;
    private final List<AutoCloseable> resources = new ArrayList<>();

    static Stream<Arguments> transports() {
        return Stream.of(
            Arguments.of("blocking", false), Arguments.of("blocking", true),
            Arguments.of("virtual", false), Arguments.of("virtual", true));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private static synchronized SelfSignedCertificate certificate() throws Exception {
        if (certificate == null) {
            certificate = SelfSignedCertificate.forLocalhost();
        }
        return certificate;
    }

    private static EngineConfig bigLimits() {
        return EngineConfig.builder().maxFramePayload(BIG).maxMessageSize(BIG).build();
    }

    private WebSocketServer echoServer(String transport, boolean tls, EchoListener echo) throws Exception {
        SSLContext context = tls ? certificate().serverContext() : null;
        WebSocketServer server = WebSocketServer.start(ServerConfig.builder()
            .transport(Transports.byName(transport)).tls(context).engine(bigLimits())
            .endpoint("/echo", () -> echo).build());
        resources.add(server::stop);
        return server;
    }

    private WebSocket connect(String transport, boolean tls, WebSocketServer server, RecordingListener listener)
        throws Exception {
        Transport chosen = Transports.byName(transport);
        ClientConfig.Builder config = ClientConfig.builder().transport(chosen).engine(bigLimits());
        if (tls) {
            config.tls(certificate().clientContext());
        }
        URI uri = URI.create((tls ? "wss" : "ws") + "://localhost:" + server.port() + "/echo");
        return WebSocketClient.create(config.build()).connect(uri, listener).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void echoesTextAndBinaryOfEverySize(String transport, boolean tls) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = echoServer(transport, tls, echo);
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(transport, tls, server, client);
        assertEquals("open", client.next());
        assertEquals(ReadyState.OPEN, socket.readyState());
        Random random = new Random(42);
        for (int size : new int[] {0, 125, 64 * 1024, BIG}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            socket.sendBinary(ByteBuffer.wrap(payload)).get(30, TimeUnit.SECONDS);
            assertArrayEquals(payload, (byte[]) client.nextMessage(), "binary of " + size);
            String text = "é".repeat(size / 2);
            socket.sendText(text);
            assertEquals(text, client.nextMessage(), "text of " + size);
        }
        socket.close(1000, "done").get(10, TimeUnit.SECONDS);
        assertEquals(ReadyState.CLOSED, socket.readyState());
        assertFalse(client.overlapped);
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void fragmentedSendsArriveWhole(String transport, boolean tls) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocket socket = connect(transport, tls, echoServer(transport, tls, echo), new RecordingListener());
        socket.sendText("Hel", false);
        socket.sendText("lo, ", false);
        socket.sendText("wörld", true);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {3}), true);
        assertEquals("Hello, wörld", echo.nextMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) echo.nextMessage());
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void pingIsAnsweredWithItsData(String transport, boolean tls) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(transport, tls, echoServer(transport, tls, new EchoListener()), client);
        assertEquals("open", client.next());
        socket.ping(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong 6869", client.next());
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void clientCloseReachesServerWithCodeAndReason(String transport, boolean tls) throws Exception {
        EchoListener echo = new EchoListener();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(transport, tls, echoServer(transport, tls, echo), client);
        socket.close(4000, "bye").get(10, TimeUnit.SECONDS);
        assertEquals("close 4000 bye clean=true", echo.closed.get(10, TimeUnit.SECONDS));
        assertEquals("close 4000 bye clean=true", client.closed.get(10, TimeUnit.SECONDS));
        assertEquals(1, client.closeCount.get());
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void serverStopSendsGoingAway(String transport, boolean tls) throws Exception {
        WebSocketServer server = echoServer(transport, tls, new EchoListener());
        RecordingListener client = new RecordingListener();
        connect(transport, tls, server, client);
        server.stop();
        assertEquals("close 1001 Server stopping clean=true", client.closed.get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("transports")
    void closeValidatesCodeAndReasonAsTheBrowserDoes(String transport, boolean tls) throws Exception {
        WebSocket socket = connect(transport, tls, echoServer(transport, tls, new EchoListener()),
            new RecordingListener());
        for (int code : new int[] {999, 1001, 1005, 1006, 2999, 5000}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> socket.close(code, ""), "code " + code);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> socket.close(1000, "x".repeat(124)));
        assertTrue(socket.sendText("still open").isDone() || socket.readyState() == ReadyState.OPEN);
    }
}
