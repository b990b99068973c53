package dev.wskit.benchmarks.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameCounterTest {
    /** Text "Hello" unmasked, then masked, RFC 6455 §5.7. */
    private static final String HELLO = "810548656c6c6f" + "818537fa213d7f9f4d5158";
    /** "Hel" and "lo" in two fragments, RFC 6455 §5.7. */
    private static final String FRAGMENTED = "010348656c" + "80026c6f";
    /** An unmasked Ping "Hello", RFC 6455 §5.7: a control frame, no message. */
    private static final String PING = "890548656c6c6f";

    @Test
    void countsEveryMessageOverEverySplitOfItsBytes() {
        byte[] wire = HexFormat.of().parseHex(HELLO + FRAGMENTED + PING + "8100");
        for (int first = 0; first <= wire.length; first++) {
            for (int second = first; second <= wire.length; second++) {
                FrameCounter counter = new FrameCounter();
                counter.feed(ByteBuffer.wrap(wire, 0, first));
                counter.feed(ByteBuffer.wrap(wire, first, second - first));
                counter.feed(ByteBuffer.wrap(wire, second, wire.length - second));
                assertEquals(4, counter.messages(), "split at " + first + " and " + second);
            }
        }
    }

    @Test
    void countsMessagesWithExtendedLengthsReadAByteAtATime() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(HexFormat.of().parseHex("827e0100")); // 256 bytes: a 16-bit length, RFC 6455 §5.2
        wire.writeBytes(new byte[256]);
        wire.writeBytes(HexFormat.of().parseHex("827f0000000000010000")); // 65,536 bytes: a 64-bit length
        wire.writeBytes(new byte[65_536]);
        FrameCounter counter = new FrameCounter();
        for (byte b : wire.toByteArray()) {
            counter.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(2, counter.messages());
    }

    @Test
    void doesNotCountAMessageBeforeItsLastByte() {
        byte[] wire = HexFormat.of().parseHex("810548656c6c6f");
        FrameCounter counter = new FrameCounter();
        counter.feed(ByteBuffer.wrap(wire, 0, wire.length - 1));
        assertEquals(0, counter.messages());
        counter.feed(ByteBuffer.wrap(wire, wire.length - 1, 1));
        assertEquals(1, counter.messages());
    }
}
