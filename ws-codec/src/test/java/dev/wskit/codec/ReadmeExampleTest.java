package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's codec example honest: the same code, run. */
class ReadmeExampleTest {

    @Test
    void readmeExampleEncodesAndDecodesAFrame() {
        // Encode: a server's text frame, written into a buffer we own.
        ByteBuffer wire = ByteBuffer.allocate(64);
        FrameEncoder encoder = new FrameEncoder(Role.SERVER);
        encoder.encode(true, 0, Opcode.TEXT, StandardCharsets.UTF_8.encode("Hello"), wire);
        wire.flip();

        // Decode: a client's push parser, fed whatever bytes arrive, split anywhere.
        List<String> seen = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
        decoder.decode(wire, new FrameListener() {
            @Override
            public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
                seen.add(opcode + " fin=" + fin + " length=" + payloadLength);
            }

            @Override
            public void onPayload(ByteBuffer payload) {
                seen.add(StandardCharsets.UTF_8.decode(payload).toString());
            }

            @Override
            public void onFrameEnd() {
                seen.add("end");
            }
        });

        assertEquals(List.of("TEXT fin=true length=5", "Hello", "end"), seen);
        assertEquals("810548656c6c6f", HexFormat.of().formatHex(wire.array(), 0, wire.limit())); // RFC 6455 §5.7
    }
}
