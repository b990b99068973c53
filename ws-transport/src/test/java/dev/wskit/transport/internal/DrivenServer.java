package dev.wskit.transport.internal;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One server connection driven by hand: the test is its transport (a {@link FakeChannel}) and its clock (a
 * {@link ManualClock}), and callbacks run inline on the test's thread, so every step is deterministic.
 */
final class DrivenServer {
    private static final String REQUEST = "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    final ManualClock clock = new ManualClock();
    final FakeChannel channel = new FakeChannel();
    final List<String> events = new ArrayList<>();
    final Connection connection;
    private final FrameEncoder clientFrames = new FrameEncoder(Role.CLIENT);
    private final WebSocket.Listener listener;

    DrivenServer(UnaryOperator<ConnectionSettings.Builder> settings, WebSocket.Listener listener) {
        this.listener = listener;
        ServerConfig config = ServerConfig.builder().endpoint("/chat", () -> recording())
            .connection(connection -> settings.apply(connection)).build();
        this.connection = Connections.server(config, new ServerRegistry(10), null, clock);
    }

    DrivenServer(UnaryOperator<ConnectionSettings.Builder> settings) {
        this(settings, new WebSocket.Listener() { });
    }

    /** Connects and completes the opening handshake; the 101 response is produced and flushed. */
    DrivenServer open() {
        connection.onConnected(channel);
        receive(ByteBuffer.wrap(REQUEST.getBytes(StandardCharsets.US_ASCII)));
        String response = StandardCharsets.US_ASCII.decode(produce()).toString();
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new AssertionError("Expected a 101 response, got: " + response);
        }
        connection.onOutputFlushed();
        return this;
    }

    void receive(ByteBuffer bytes) {
        connection.onReceived(bytes);
    }

    /** Receives one masked client frame. */
    void receiveFrame(Opcode opcode, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        clientFrames.encode(true, 0, opcode, ByteBuffer.wrap(payload), frame);
        receive(frame.flip());
    }

    void receiveText(String text) {
        receiveFrame(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void receiveClose(int code, String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(2 + utf8.length).putShort((short) code).put(utf8);
        receiveFrame(Opcode.CLOSE, body.array());
    }

    /** Produces everything the connection has to write, as the transport would when the socket is writable. */
    ByteBuffer produce() {
        return produce(1 << 20);
    }

    ByteBuffer produce(int capacity) {
        channel.writeRequested = false;
        ByteBuffer out = ByteBuffer.allocate(capacity);
        connection.produce(out);
        return out.flip();
    }

    /** Produces and flushes, and returns the frames written, described as {@link #describe} does. */
    List<String> write() {
        List<String> frames = describe(produce());
        connection.onOutputFlushed();
        return frames;
    }

    /** Moves the clock to the deadline the connection scheduled last, and fires its timer. */
    void fireTimer() {
        clock.advanceTo(channel.timerDeadline);
        connection.onTimer(clock.nanoTime());
    }

    /** Describes unmasked server frames of under 126 payload bytes: "TEXT hello", "CLOSE 1000 bye", "PING". */
    static List<String> describe(ByteBuffer frames) {
        List<String> described = new ArrayList<>();
        while (frames.hasRemaining()) {
            Opcode opcode = Opcode.lookup(frames.get() & 0b1111);
            int length = frames.get() & 0b0111_1111;
            byte[] payload = new byte[length];
            frames.get(payload);
            if (opcode == Opcode.TEXT) {
                described.add("TEXT " + new String(payload, StandardCharsets.UTF_8));
            } else if (opcode == Opcode.CLOSE && length >= 2) {
                described.add("CLOSE " + ((payload[0] & 0xff) << 8 | payload[1] & 0xff) + " "
                    + new String(payload, 2, length - 2, StandardCharsets.UTF_8));
            } else {
                described.add(opcode.name());
            }
        }
        return described;
    }

    private WebSocket.Listener recording() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                events.add("open");
                listener.onOpen(socket);
            }

            @Override
            public void onText(WebSocket socket, String text) {
                events.add("text " + text);
                listener.onText(socket, text);
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                listener.onBinary(socket, data);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                events.add("close " + code + " " + reason + " clean=" + wasClean);
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                events.add("error " + error.getMessage());
            }
        };
    }
}
