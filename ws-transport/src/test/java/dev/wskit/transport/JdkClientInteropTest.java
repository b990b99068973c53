package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop: the JDK's own client ({@link java.net.http.WebSocket}) against a wskit server on every transport,
 * plain and over TLS: text, binary, fragments, ping and pong, and the close handshake from either side.
 */
class JdkClientInteropTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    /** A wskit endpoint that echoes, and on request sends fragments, pings or closes. */
    private static final class ScriptedServer extends RecordingListener {
        @Override
        public void onText(WebSocket socket, String text) {
            super.onText(socket, text);
            switch (text) {
                case "fragments please" -> {
                    socket.sendText("frag", false);
                    socket.sendText("ments ✓", true);
                }
                case "ping please" -> socket.ping(ByteBuffer.wrap("srv".getBytes(StandardCharsets.UTF_8)));
                case "close please" -> socket.close(4001, "server bye");
                default -> socket.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.sendBinary(data.duplicate());
            super.onBinary(socket, data);
        }
    }

    /** Joins the JDK client's partial messages and records its events as lines. */
    private static final class JdkListener implements java.net.http.WebSocket.Listener {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received.add(text.toString());
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket socket, ByteBuffer data, boolean last) {
            binary.writeBytes(RecordingListener.toBytes(data));
            if (last) {
                received.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(java.net.http.WebSocket socket, ByteBuffer message) {
            received.add("ping " + StandardCharsets.UTF_8.decode(message));
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(java.net.http.WebSocket socket, ByteBuffer message) {
            received.add("pong " + StandardCharsets.UTF_8.decode(message));
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket socket, int statusCode, String reason) {
            received.add("close " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(java.net.http.WebSocket socket, Throwable error) {
            received.add("error " + error);
        }

        Object next() throws InterruptedException {
            Object next = received.poll(60, TimeUnit.SECONDS);
            assertNotNull(next, "nothing within 60 s");
            return next;
        }
    }

    private record Session(HttpClient http, java.net.http.WebSocket socket, JdkListener client,
                           ScriptedServer server) implements AutoCloseable {
        @Override
        public void close() {
            socket.abort();
            http.close();
        }
    }

    private static Session open(Harness peers) throws Exception {
        ScriptedServer server = new ScriptedServer();
        WebSocketServer running = peers.server(config -> config.endpoint("/interop", () -> server));
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (peers.isTls()) {
            builder.sslContext(peers.clientTls());
        }
        HttpClient http = builder.build();
        JdkListener client = new JdkListener();
        java.net.http.WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(peers.uri(running.port(), "/interop"), client).get(60, TimeUnit.SECONDS);
        return new Session(http, socket, client, server);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void jdkClientExchangesTextAndBinary(Harness peers) throws Exception {
        try (Session session = open(peers)) {
            byte[] payload = new byte[200_000];
            new Random(5).nextBytes(payload);
            String text = "héllo ✓ " + "x".repeat(70_000);
            session.socket().sendText(text, true).get(60, TimeUnit.SECONDS);
            session.socket().sendBinary(ByteBuffer.wrap(payload), true).get(60, TimeUnit.SECONDS);
            session.socket().sendBinary(ByteBuffer.allocate(0), true).get(60, TimeUnit.SECONDS);
            assertEquals(text, session.client().next());
            assertArrayEquals(payload, (byte[]) session.client().next());
            assertArrayEquals(new byte[0], (byte[]) session.client().next());
            assertEquals(text, session.server().nextMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void fragmentsTravelBothWays(Harness peers) throws Exception {
        try (Session session = open(peers)) {
            java.net.http.WebSocket socket = session.socket();
            socket.sendText("fragments ", false).get(60, TimeUnit.SECONDS);
            socket.sendText("please", true).get(60, TimeUnit.SECONDS);
            socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), false).get(60, TimeUnit.SECONDS);
            socket.sendBinary(ByteBuffer.wrap(new byte[] {2, 3}), true).get(60, TimeUnit.SECONDS);
            assertEquals("fragments please", session.server().nextMessage());
            assertEquals("fragments ✓", session.client().next());
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) session.client().next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void pingsAreAnsweredBothWays(Harness peers) throws Exception {
        try (Session session = open(peers)) {
            session.socket().sendPing(ByteBuffer.wrap("jdk".getBytes(StandardCharsets.UTF_8))).get(60, TimeUnit.SECONDS);
            assertEquals("pong jdk", session.client().next());
            session.socket().sendText("ping please", true).get(60, TimeUnit.SECONDS);
            assertEquals("ping srv", session.client().next());
            List<String> serverEvents = List.of(session.server().next(), session.server().next(),
                session.server().next(), session.server().next());
            assertEquals(List.of("open", "ping jdk", "text ping please",
                "pong " + HexFormat.of().formatHex("srv".getBytes(StandardCharsets.UTF_8))), serverEvents);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void jdkClientClosesWithCodeAndReason(Harness peers) throws Exception {
        try (Session session = open(peers)) {
            session.socket().sendClose(4000, "jdk bye").get(60, TimeUnit.SECONDS);
            assertEquals("close 4000 jdk bye", session.client().next());
            assertEquals("close 4000 jdk bye clean=true", session.server().closed.get(60, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void wskitServerClosesWithCodeAndReason(Harness peers) throws Exception {
        try (Session session = open(peers)) {
            session.socket().sendText("close please", true).get(60, TimeUnit.SECONDS);
            assertEquals("close 4001 server bye", session.client().next());
            String closed = session.server().closed.get(60, TimeUnit.SECONDS);
            assertTrue(closed.endsWith("clean=true"), closed);
        }
    }
}
