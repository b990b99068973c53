package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The application's say on the opening handshake (RFC 6455 §4.2.2) on every transport, plain and TLS: it reads
 * the request's headers, query and cookies, attaches attributes that the socket carries, or refuses with a status
 * and headers of its own before any 101.
 */
class UpgradeHandlerTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void handlerReadsTheRequestAndTheSocketCarriesItsAttributes(Harness peers) throws Exception {
        AtomicReference<UpgradeRequest> seen = new AtomicReference<>();
        CompletableFuture<Map<String, Object>> attributesOnOpen = new CompletableFuture<>();
        WebSocketServer server = peers.server(config -> config
            .upgradeHandler(request -> {
                seen.set(request);
                return UpgradeHandler.Decision.accept(Map.of("user", request.header("Authorization").orElseThrow(),
                    "room", request.queryParameter("room").orElseThrow(),
                    "session", request.cookie("session").orElseThrow()));
            })
            .endpoint("/chat", () -> new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket socket) {
                    attributesOnOpen.complete(Map.copyOf(socket.attributes()));
                }
            }));
        HttpHeaders headers = HttpHeaders.of("Authorization", "Bearer t0ken",
            "Cookie", "theme=dark; session=\"s-42\"", "Cookie", "session=later");
        peers.connectAsync(server.port(), "/chat?room=caf%C3%A9&room=second&flag", new RecordingListener(),
            config -> config.handshake(ClientHandshakeConfig.builder().headers(headers).build()))
            .get(60, TimeUnit.SECONDS);

        assertEquals(Map.of("user", "Bearer t0ken", "room", "café", "session", "s-42"),
            attributesOnOpen.get(60, TimeUnit.SECONDS));
        UpgradeRequest request = seen.get();
        assertEquals("/chat", request.path());
        assertEquals(Map.of("room", "café", "flag", ""), request.queryParameters());
        assertEquals(Map.of("theme", "dark", "session", "s-42"), request.cookies());
        assertEquals(peers.isTls(), request.secure());
        assertTrue(request.remoteAddress().getAddress().isLoopbackAddress(), request.remoteAddress().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void refusalIsAnsweredWithItsStatusAndHeadersBeforeAny101(Harness peers) throws Exception {
        RecordingListener serverSide = new RecordingListener();
        WebSocketServer server = peers.server(config -> config
            .upgradeHandler(request -> request.header("Authorization").isPresent()
                ? UpgradeHandler.Decision.accept()
                : UpgradeHandler.Decision.refuse(401, HttpHeaders.of("WWW-Authenticate", "Bearer realm=\"chat\""),
                    "log in first"))
            .endpoint("/chat", () -> serverSide));
        String response = exchange(peers.socket(server.port()), "/chat");

        assertTrue(response.startsWith("HTTP/1.1 401 "), response);
        assertTrue(response.contains("\r\nWWW-Authenticate: Bearer realm=\"chat\"\r\n"), response);
        assertTrue(response.contains("\r\nConnection: close\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\nlog in first"), response);
        assertEquals(0, serverSide.events.size(), "the endpoint never hears of a refused request");

        RecordingListener client = new RecordingListener();
        assertEquals(401, refusedStatus(peers.connectAsync(server.port(), "/chat", client, config -> config)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void handlerThatThrowsRefusesWith500(Harness peers) throws Exception {
        WebSocketServer server = peers.server(config -> config
            .upgradeHandler(request -> {
                throw new IllegalStateException("database down");
            })
            .endpoint("/chat", RecordingListener::new));
        String response = exchange(peers.socket(server.port()), "/chat");
        assertTrue(response.startsWith("HTTP/1.1 500 "), response);
        assertTrue(response.endsWith("\r\n\r\nInternal Server Error"), response);
    }

    @Test
    void refusalNeedsAnErrorStatus() {
        assertThrows(IllegalArgumentException.class, () -> UpgradeHandler.Decision.refuse(302, "elsewhere"));
        assertThrows(IllegalArgumentException.class, () -> UpgradeHandler.Decision.refuse(600, "what"));
        assertEquals(404, ((UpgradeHandler.Refuse) UpgradeHandler.Decision.refuse(404, "")).status());
    }

    private static int refusedStatus(CompletableFuture<WebSocket> connecting) {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> connecting.get(60, TimeUnit.SECONDS));
        return assertInstanceOf(HandshakeException.class, failure.getCause()).status();
    }

    /** Sends an upgrade request without credentials and reads the whole response, until the server closes. */
    private static String exchange(Socket socket, String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        for (int count = in.read(buffer); count > 0; count = in.read(buffer)) {
            response.write(buffer, 0, count);
        }
        return response.toString(StandardCharsets.UTF_8);
    }
}
