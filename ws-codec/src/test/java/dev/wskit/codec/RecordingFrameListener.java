package dev.wskit.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records frame events as text, joining the payload chunks of a frame so that records do not depend on how
 * the input was split.
 */
public final class RecordingFrameListener implements FrameListener {
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private long expected;

    /** Creates a listener with no events recorded. */
    public RecordingFrameListener() {
    }

    @Override
    public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
        events.add(header(fin, rsv, opcode, payloadLength));
        payload.reset();
        expected = payloadLength;
    }

    @Override
    public void onPayload(ByteBuffer chunk) {
        if (!chunk.hasRemaining()) {
            throw new AssertionError("empty payload chunk delivered");
        }
        while (chunk.hasRemaining()) {
            payload.write(chunk.get());
        }
    }

    @Override
    public void onFrameEnd() {
        if (payload.size() != expected) {
            throw new AssertionError("payload " + payload.size() + " bytes, header said " + expected);
        }
        if (payload.size() > 0) {
            events.add("payload " + HexFormat.of().formatHex(payload.toByteArray()));
        }
        events.add("end");
    }

    /**
     * Returns the events recorded so far.
     *
     * @return the events
     */
    public List<String> events() {
        return events;
    }

    /**
     * Formats a header event the way this listener records it.
     *
     * @param fin the FIN bit
     * @param rsv the RSV bits
     * @param opcode the opcode
     * @param length the payload length
     * @return the event text
     */
    public static String header(boolean fin, int rsv, Opcode opcode, long length) {
        return "header fin=" + fin + " rsv=" + rsv + " " + opcode + " length=" + length;
    }
}
