package dev.wskit.codec.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of message assembly (RFC 6455 §5.4 fragmentation, §5.5 control frames, §8.1 UTF-8, §7.4
 * close bodies) behind the frame decoder, whole and streamed: any input yields the same messages whatever its
 * split, or a {@link ProtocolException} with 1002, 1007 or 1009 (a streamed message that fails may have had its
 * valid first bytes delivered, as they arrived).
 */
class MessageAssemblerFuzzTest {
    private static final long LIMIT = 1 << 14;
    private static final Set<Integer> PEER_FAULTS = Set.of(1002, 1007, 1009);

    @FuzzTest(maxDuration = "2m")
    void anyFramesAssembleTheSameWhateverTheSplitOrFailWithACloseCode(FuzzedDataProvider data) {
        Delivery delivery = data.consumeBoolean() ? Delivery.WHOLE : Delivery.STREAMED;
        int cut = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();

        String whole = assemble(delivery, input, input.length);
        String split = assemble(delivery, input, cut);
        assertEquals(whole, split, "the same messages whatever the split");
    }

    /** Feeds the input in pieces of {@code cut} bytes; returns the events and the failure, as text. */
    private static String assemble(Delivery delivery, byte[] input, int cut) {
        RecordingMessageListener listener = new RecordingMessageListener();
        MessageAssembler assembler = new MessageAssembler(listener, delivery, LIMIT);
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT).maxPayloadLength(LIMIT);
        List<String> failure = new ArrayList<>();
        try {
            for (int start = 0; start < input.length; start += cut) {
                decoder.decode(ByteBuffer.wrap(input, start, Math.min(cut, input.length - start)), assembler);
            }
        } catch (ProtocolException e) {
            int code = e.closeCode().code();
            assertTrue(PEER_FAULTS.contains(code), "close code " + code + ": " + e.getMessage());
            failure.add(code + " " + e.getMessage());
        }
        if (failure.isEmpty()) {
            listener.note("end");
        }
        // streamed chunks are joined per message by the listener; the valid bytes of a message that then failed
        // were delivered or not depending on where the input was cut, so they are left out (they are never flushed)
        return listener.events() + " " + failure;
    }
}
