package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RepliesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void countsWholeMessagesOverEverySplit() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(HEX.parseHex("810548656c6c6f")); // RFC 6455 §5.7: a single-frame unmasked text "Hello"
        wire.writeBytes(HEX.parseHex("010348656c80026c6f")); // RFC 6455 §5.7: fragmented "Hel" + "lo"
        wire.writeBytes(HEX.parseHex("890548656c6c6f")); // RFC 6455 §5.7: an unmasked Ping, not a message
        wire.writeBytes(header(0x82, 126, 300));
        wire.writeBytes(new byte[300]);
        wire.writeBytes(header(0x82, 127, 70_000));
        wire.writeBytes(new byte[70_000]);
        byte[] bytes = wire.toByteArray();
        for (int split = 0; split <= bytes.length; split += split < 40 ? 1 : 997) {
            Replies replies = new Replies.Frames();
            int first = replies.consume(ByteBuffer.wrap(bytes, 0, split));
            int second = replies.consume(ByteBuffer.wrap(bytes, split, bytes.length - split));
            assertEquals(4, first + second, "split at " + split);
            assertFalse(replies.closed());
        }
    }

    @Test
    void countsOneByteAtATime() {
        byte[] bytes = HEX.parseHex("810548656c6c6f8100");
        Replies replies = new Replies.Frames();
        int completed = 0;
        for (byte b : bytes) {
            completed += replies.consume(ByteBuffer.wrap(new byte[] {b}));
        }
        assertEquals(2, completed);
    }

    @Test
    void seesTheServersClose() {
        Replies replies = new Replies.Frames();
        assertEquals(0, replies.consume(ByteBuffer.wrap(HEX.parseHex("880203e8"))));
        assertTrue(replies.closed());
    }

    @Test
    void rawEchoesCountEveryRequestLength() {
        Replies replies = Replies.forTarget(Target.rawTcp(), 10);
        assertEquals(0, replies.consume(ByteBuffer.allocate(9)));
        assertEquals(2, replies.consume(ByteBuffer.allocate(12)));
        assertEquals(0, replies.consume(ByteBuffer.allocate(8)));
        assertEquals(1, replies.consume(ByteBuffer.allocate(1)));
    }

    private static byte[] header(int first, int code, int length) {
        ByteBuffer header = ByteBuffer.allocate(code == 126 ? 4 : 10).put((byte) first).put((byte) code);
        if (code == 126) {
            header.putShort((short) length);
        } else {
            header.putLong(length);
        }
        return header.array();
    }
}
