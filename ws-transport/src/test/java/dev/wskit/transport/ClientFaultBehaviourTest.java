package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.ReadyState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Servers that fail a {@link WebSocketClient}, on every transport, plain and over TLS: a server that vanishes
 * mid-handshake fails the connect with an {@link IOException} and the listener hears nothing; one that vanishes
 * mid-frame or mid-TLS-record, or resets the connection, ends in one {@code onClose} with 1006 (RFC 6455 §7.1.5).
 * Either way the client keeps no thread and no socket.
 *
 * <p>"Exactly once" is checked deterministically: each test waits for the close (or the failed connect), then for
 * the connection's socket and thread to be gone, and only then asserts the listener's complete list of events.
 */
class ClientFaultBehaviourTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static final String TLS = "dev.wskit.transport.TransportMatrix#tls";

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverThatVanishesMidHandshakeFailsTheConnectAndLeavesNothing(Harness peers) throws Exception {
        RawServer rawServer = peers.cuttableRawServer();
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config);
        Socket server = rawServer.acceptAndIgnore();
        OutputStream out = server.getOutputStream();
        out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        rawServer.lastPlain().close();

        ExecutionException failure = assertThrows(ExecutionException.class,
            () -> connecting.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failure.getCause(), failure::toString);
        baseline.assertNothingLeftBehind();
        assertEquals(List.of(), List.copyOf(client.events), "the listener of a connection that never opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverThatVanishesMidFrameIsReportedAs1006Once(Harness peers) throws Exception {
        RawServer rawServer = peers.cuttableRawServer();
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config);
        RawPeer server = rawServer.accept();
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        // the header announces 1,000 bytes; 10 of them come, then the server is gone
        byte[] frame = RawPeer.encode(0x82, new byte[1_000], false);
        server.write(Arrays.copyOf(frame, 2 + 2 + 10));
        rawServer.lastPlain().close();

        assertLostOnce(client, socket, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void serverThatResetsTheConnectionIsReportedAs1006Once(Harness peers) throws Exception {
        RawServer rawServer = peers.cuttableRawServer();
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config);
        rawServer.accept();
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        rawServer.lastPlain().reset();

        assertLostOnce(client, socket, baseline);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(TLS)
    void serverThatVanishesMidTlsRecordIsReportedAs1006Once(Harness peers) throws Exception {
        RawServer rawServer = peers.cuttableRawServer();
        Baseline baseline = Baseline.take(peers);
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client, config -> config);
        RawPeer server = rawServer.accept();
        WebSocket socket = connecting.get(60, TimeUnit.SECONDS);
        // the record carrying this frame is cut in half, then the server is gone
        rawServer.lastPlain().cutNextWrite();
        server.writeFrame(0x81, "never decrypted".getBytes(StandardCharsets.UTF_8));

        assertLostOnce(client, socket, baseline);
    }

    /**
     * Asserts that a connection lost without a Close ended in one {@code onClose} with 1006 and left no thread or
     * socket; then, with nothing left that could call the listener, that its events were the open and the close.
     */
    private static void assertLostOnce(RecordingListener client, WebSocket socket, Baseline baseline)
        throws Exception {
        client.closed.get(60, TimeUnit.SECONDS);
        baseline.assertNothingLeftBehind();
        assertEquals(ReadyState.CLOSED, socket.readyState());
        List<String> events = new ArrayList<>(client.events);
        assertEquals(2, events.size(), events::toString);
        assertEquals("open", events.getFirst());
        assertTrue(events.getLast().matches("close 1006 .* clean=false"), events::toString);
        assertEquals(1, client.closeCount.get(), "onClose calls");
    }
}
