package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link FrameDecoder} (RFC 6455 §5.2) in both roles: whatever the peer sends, the
 * decoder reports frames whose payload matches their header, or fails with a {@link ProtocolException} carrying
 * a close code (1002, or 1009 past the limit) and stays failed; and it says the same whatever the split of its
 * input. {@code ./mvnw verify} runs the inputs under {@code src/test/resources}; {@code -Pfuzz} fuzzes.
 */
class FrameDecoderFuzzTest {
    private static final long LIMIT = 1 << 16;

    @FuzzTest(maxDuration = "2m")
    void anyBytesDecodeTheSameWhateverTheSplitOrFailWithACloseCode(FuzzedDataProvider data) {
        Role role = data.consumeBoolean() ? Role.SERVER : Role.CLIENT;
        boolean direct = data.consumeBoolean();
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 1 << 12);
        }
        byte[] input = data.consumeRemainingAsBytes();

        Outcome whole = decode(role, List.of(buffer(input, 0, input.length, direct)));
        Outcome split = decode(role, pieces(input, cuts, direct));
        assertEquals(whole, split, "the same events and failure whatever the split");
        if (whole.failure() != null) {
            int code = whole.failure().closeCode().code();
            assertTrue(code == 1002 || code == 1009, "close code " + code + ": " + whole.failure().getMessage());
        }
    }

    /** What a decoder said of its input: the events, then the failure's message, if any. */
    private record Outcome(List<String> events, ProtocolException failure, String failureText) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Outcome that && events.equals(that.events)
                && String.valueOf(failureText).equals(String.valueOf(that.failureText));
        }

        @Override
        public int hashCode() {
            return events.hashCode();
        }
    }

    private static Outcome decode(Role role, List<ByteBuffer> pieces) {
        FrameDecoder decoder = new FrameDecoder(role).maxPayloadLength(LIMIT);
        RecordingFrameListener listener = new RecordingFrameListener();
        for (ByteBuffer piece : pieces) {
            try {
                decoder.decode(piece, listener);
            } catch (ProtocolException e) {
                // RFC 6455 §7.1.7: once failed, the connection takes no more input; feeding it more is a bug
                assertThrows(IllegalStateException.class, () -> decoder.decode(ByteBuffer.allocate(1), listener));
                return new Outcome(new ArrayList<>(listener.events()), e,
                    e.closeCode().code() + " " + e.getMessage());
            }
        }
        return new Outcome(new ArrayList<>(listener.events()), null, null);
    }

    private static List<ByteBuffer> pieces(byte[] input, int[] cuts, boolean direct) {
        List<ByteBuffer> pieces = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            int end = Math.min(input.length, start + cut);
            pieces.add(buffer(input, start, end, direct));
            start = end;
        }
        pieces.add(buffer(input, start, input.length, direct));
        return pieces;
    }

    private static ByteBuffer buffer(byte[] input, int from, int to, boolean direct) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(to - from) : ByteBuffer.allocate(to - from);
        return buffer.put(input, from, to - from).flip();
    }
}
