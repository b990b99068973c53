package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

    @Test
    void textFrameIsFinalMaskedAndUnmasksToThePayload() {
        for (int size : new int[] {0, 125, 126, 16 * 1024, 70_000}) {
            byte[] payload = ClientFrames.payload(size);
            byte[] frame = ClientFrames.text(payload, false);
            int lengthBytes = size < 126 ? 0 : size < 65536 ? 2 : 8;
            assertEquals(0x81, frame[0] & 0xff);
            assertEquals(0x80, frame[1] & 0x80);
            assertEquals(2 + lengthBytes + 4 + size, frame.length);
            assertArrayEquals(payload, unmask(frame, 2 + lengthBytes));
        }
    }

    @Test
    void closeFrameCarriesCode1000() {
        byte[] frame = ClientFrames.close();
        assertEquals("8882", HexFormat.of().formatHex(frame, 0, 2));
        assertArrayEquals(new byte[] {0x03, (byte) 0xe8}, unmask(frame, 2));
    }

    @Test
    void compressedFrameSetsRsv1AndInflatesBack() throws DataFormatException {
        byte[] payload = ClientFrames.payload(16 * 1024);
        byte[] frame = ClientFrames.text(payload, true);
        assertEquals(0xc1, frame[0] & 0xff);
        int lengthCode = frame[1] & 0x7f;
        byte[] compressed = unmask(frame, 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0));
        assertEquals(frame.length - 4 - (lengthCode == 126 ? 4 : lengthCode == 127 ? 10 : 2), compressed.length);
        assertArrayEquals(payload, inflate(compressed));
    }

    private static byte[] unmask(byte[] frame, int maskAt) {
        byte[] payload = Arrays.copyOfRange(frame, maskAt + 4, frame.length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= frame[maskAt + (i & 3)];
        }
        return payload;
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        // RFC 7692 §7.2.2: append 00 00 ff ff before inflating.
        byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
        input[input.length - 2] = (byte) 0xff;
        input[input.length - 1] = (byte) 0xff;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            out.write(chunk, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }
}
