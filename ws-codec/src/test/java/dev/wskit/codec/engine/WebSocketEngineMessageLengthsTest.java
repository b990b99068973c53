package dev.wskit.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Delivery;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine reports each data message's lengths at its extension boundary (RFC 6455 §9; RFC 7692 §7.2.1,
 * §7.2.2) through {@link EngineListener#onMessageEncoded} and {@link EngineListener#onMessageDecoded}: only with
 * an extension, once per message, streamed ones summed over their pieces, untransformed ones with equal lengths.
 */
class WebSocketEngineMessageLengthsTest {
    private final List<String> lengths = new ArrayList<>();
    private final EngineListener listener = new EngineListener() {
        @Override
        public void onText(String text) {
        }

        @Override
        public void onBinary(ByteBuffer data) {
        }

        @Override
        public void onBinaryChunk(ByteBuffer data, boolean last) {
        }

        @Override
        public void onPing(ByteBuffer data) {
        }

        @Override
        public void onPong(ByteBuffer data) {
        }

        @Override
        public void onCloseReceived(CloseCode code, String reason) {
        }

        @Override
        public void onClosed(CloseCode code, String reason, boolean wasClean) {
        }

        @Override
        public void onMessageEncoded(long payloadLength, long wireLength) {
            lengths.add("encoded " + payloadLength + " " + wireLength);
        }

        @Override
        public void onMessageDecoded(long wireLength, long payloadLength) {
            lengths.add("decoded " + wireLength + " " + payloadLength);
        }
    };

    private WebSocketEngine server(boolean withExtension, EngineConfig config) {
        List<ByteMapExtension> extensions = withExtension
            ? List.of(ByteMapExtension.xor("x-xor", FrameHeader.RSV1, 0x5a, new ArrayList<>())) : List.of();
        return new WebSocketEngine(Role.SERVER, config, extensions, listener);
    }

    private static ByteBuffer clientFrame(boolean fin, int rsv, Opcode opcode, int length) {
        ByteBuffer dst = ByteBuffer.allocate(length + 14);
        assertTrue(new FrameEncoder(Role.CLIENT).encode(fin, rsv, opcode, ByteBuffer.allocate(length), dst));
        return dst.flip();
    }

    private static void drain(WebSocketEngine engine) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        while (engine.wrap(out.clear()) > 0) {
            out.clear();
        }
    }

    @Test
    void sentMessagesReportTheirLengthsOncePerMessageWithAnExtension() {
        WebSocketEngine engine = server(true, EngineConfig.defaults());
        engine.sendMessage(Opcode.BINARY, ByteBuffer.allocate(100), true);
        drain(engine);
        engine.sendMessage(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'a', 'b'}), false);
        drain(engine);
        engine.sendFragment(Opcode.BINARY, ByteBuffer.allocate(30), false);
        drain(engine);
        engine.sendFragment(Opcode.BINARY, ByteBuffer.allocate(12), true);
        drain(engine);
        assertEquals(List.of("encoded 100 100", "encoded 2 2", "encoded 42 42"), lengths);
    }

    @Test
    void receivedMessagesReportTheirLengthsWholeOrStreamed() {
        for (Delivery delivery : Delivery.values()) {
            lengths.clear();
            WebSocketEngine engine = server(true, EngineConfig.builder().delivery(delivery).build());
            engine.unwrap(clientFrame(true, FrameHeader.RSV1, Opcode.BINARY, 9));
            engine.unwrap(clientFrame(false, FrameHeader.RSV1, Opcode.BINARY, 5));
            engine.unwrap(clientFrame(true, 0, Opcode.CONTINUATION, 6));
            engine.unwrap(clientFrame(true, 0, Opcode.BINARY, 3));
            assertEquals(List.of("decoded 9 9", "decoded 11 11", "decoded 3 3"), lengths, delivery.name());
        }
    }

    @Test
    void connectionWithoutExtensionReportsNoLengths() {
        WebSocketEngine engine = server(false, EngineConfig.defaults());
        engine.sendMessage(Opcode.BINARY, ByteBuffer.allocate(100), true);
        drain(engine);
        engine.unwrap(clientFrame(true, 0, Opcode.BINARY, 9));
        assertEquals(List.of(), lengths);
    }
}
