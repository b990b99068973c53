package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of permessage-deflate's inflation (RFC 7692 §7.2.2) behind the frame decoder and the
 * message assembler, with and without context takeover: arbitrary frames, compressed or not, give the same
 * messages whatever their split, each within the size limit, or fail with 1002 (a bad frame), 1007 (bad UTF-8
 * or data zlib cannot inflate) or 1009 (past the limit), never anything else.
 */
class InflateFuzzTest {
    private static final long LIMIT = 1 << 16;
    private static final Set<Integer> PEER_FAULTS = Set.of(1002, 1007, 1009);

    @FuzzTest(maxDuration = "2m")
    void anyCompressedFramesInflateTheSameWhateverTheSplitWithinTheLimitOrFailWithACloseCode(
            FuzzedDataProvider data) {
        boolean keepContext = data.consumeBoolean();
        int cut = data.consumeInt(1, 256);
        byte[] input = data.consumeRemainingAsBytes();
        String whole = receive(keepContext, input, input.length);
        assertEquals(whole, receive(keepContext, input, cut), "the same messages whatever the split");
    }

    private static String receive(boolean keepContext, byte[] input, int cut) {
        DeflateParameters parameters = keepContext ? DeflateParameters.NONE : new DeflateParameters(true, true, 0, 0);
        try (DeflateExtension extension = PerMessageDeflate.withDefaults().extension(parameters, Role.CLIENT)) {
            Wire.Receiver receiver = new Wire.Receiver(extension.decoder(), LIMIT);
            try {
                for (int start = 0; start < input.length; start += cut) {
                    receiver.receive(ByteBuffer.wrap(input, start, Math.min(cut, input.length - start)));
                }
            } catch (ProtocolException e) {
                int code = e.closeCode().code();
                assertTrue(PEER_FAULTS.contains(code), "close code " + code + ": " + e.getMessage());
                return receiver.events() + " failed " + code;
            }
            List<String> events = receiver.events();
            for (String event : events) {
                assertTrue(event.length() <= 2 * LIMIT + 16, "a message past the limit: " + event.length());
            }
            return events.toString();
        }
    }
}
