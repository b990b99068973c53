package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Binary messages lent to the listener (a view of the bytes as read) where the settings ask for it and the
 * connection is confined to its serving thread with callbacks inline; copied everywhere else.
 */
class LendBinaryTest {
    private final FrameEncoder clientFrames = new FrameEncoder(Role.CLIENT);
    private final List<String> seen = new ArrayList<>();
    private ByteBuffer input;

    @Test
    void messagesInOneFrameAreLentOnAConfinedConnectionWithCallbacksInline() {
        DrivenServer server = open(config -> config.lendBinary(true), true);
        receive(server, frame(true, Opcode.BINARY, 1, 2, 3), frame(true, Opcode.BINARY, 4, 5));
        assertEquals(List.of("[1, 2, 3] lent", "[4, 5] lent"), seen);
    }

    @Test
    void messageInSeveralFramesIsCopied() {
        DrivenServer server = open(config -> config.lendBinary(true), true);
        receive(server, frame(false, Opcode.BINARY, 1, 2), frame(true, Opcode.CONTINUATION, 3));
        assertEquals(List.of("[1, 2, 3] copied"), seen);
    }

    @Test
    void messagesAreCopiedUnlessLendingIsAskedFor() {
        DrivenServer server = open(config -> config, true);
        receive(server, frame(true, Opcode.BINARY, 1));
        assertEquals(List.of("[1] copied"), seen);
    }

    @Test
    void messagesAreCopiedOnAConnectionThatLocks() {
        DrivenServer server = open(config -> config.lendBinary(true), false);
        receive(server, frame(true, Opcode.BINARY, 1));
        assertEquals(List.of("[1] copied"), seen);
    }

    @Test
    void messagesAreCopiedWhenCallbacksRunOnAnExecutor() {
        DrivenServer server = open(config -> config.lendBinary(true).callbackExecutor(Runnable::run), true);
        receive(server, frame(true, Opcode.BINARY, 1));
        assertEquals(List.of("[1] copied"), seen);
    }

    private DrivenServer open(UnaryOperator<ConnectionSettings.Builder> settings, boolean confined) {
        DrivenServer server = new DrivenServer(settings, new WebSocket.Listener() {
            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                boolean lent = data.hasArray() && data.array() == input.array();
                seen.add(Arrays.toString(bytes) + (lent ? " lent" : " copied"));
            }
        });
        server.channel.confines = confined;
        return server.open();
    }

    /** Receives the frames in one read, as the transport would pass its read buffer. */
    private void receive(DrivenServer server, byte[]... frames) {
        int length = 0;
        for (byte[] frame : frames) {
            length += frame.length;
        }
        input = ByteBuffer.allocate(length);
        for (byte[] frame : frames) {
            input.put(frame);
        }
        server.receive(input.flip());
    }

    private byte[] frame(boolean fin, Opcode opcode, int... payload) {
        ByteBuffer bytes = ByteBuffer.allocate(payload.length);
        for (int value : payload) {
            bytes.put((byte) value);
        }
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 14);
        clientFrames.encode(fin, 0, opcode, bytes.flip(), frame);
        byte[] encoded = new byte[frame.flip().remaining()];
        frame.get(encoded);
        return encoded;
    }
}
