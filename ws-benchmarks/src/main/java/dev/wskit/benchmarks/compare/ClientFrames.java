package dev.wskit.benchmarks.compare;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The load generator's messages, encoded once and sent as they are: masked client text frames (RFC 6455
 * §5.2, §5.3), their payload optionally compressed for permessage-deflate without client context takeover
 * (RFC 7692 §7.2.1, so the same compressed bytes are valid every time). Stateless.
 */
final class ClientFrames {
    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final int FIN_TEXT = 0b1000_0001;
    private static final int FIN_CLOSE = 0b1000_1000;
    private static final int RSV1 = 0b0100_0000;
    private static final int MASKED = 0b1000_0000;
    private static final String TEXT = "{\"op\":\"quote\",\"symbol\":\"WSKT\",\"bid\":101.25,\"ask\":101.27,"
        + "\"note\":\"The quick brown fox jumps over the lazy dog.\"}\n";

    private ClientFrames() {
    }

    /**
     * Makes a message payload: ASCII text in the manner of a JSON feed, cut to size.
     *
     * @param size the length in bytes
     * @return the payload
     */
    static byte[] payload(int size) {
        byte[] text = TEXT.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = text[i % text.length];
        }
        return payload;
    }

    /**
     * Encodes a final, masked text frame.
     *
     * @param payload the text's bytes
     * @param compress whether to deflate the payload and set RSV1 (RFC 7692 §6)
     * @return the frame's bytes
     */
    static byte[] text(byte[] payload, boolean compress) {
        return compress ? frame(FIN_TEXT | RSV1, deflate(payload)) : frame(FIN_TEXT, payload);
    }

    /**
     * Encodes a masked Close frame with code 1000.
     *
     * @return the frame's bytes
     */
    static byte[] close() {
        return frame(FIN_CLOSE, new byte[] {0x03, (byte) 0xe8});
    }

    /**
     * Compresses a message as permessage-deflate does: raw deflate, sync flush, the final {@code 00 00 ff ff}
     * removed (RFC 7692 §7.2.1), from a fresh compressor (no context takeover).
     *
     * @param payload the message
     * @return the compressed bytes
     */
    static byte[] deflate(byte[] payload) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    private static byte[] frame(int firstByte, byte[] payload) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
        byte[] frame = new byte[2 + lengthBytes + 4 + length];
        frame[0] = (byte) firstByte;
        int at = 2;
        if (lengthBytes == 0) {
            frame[1] = (byte) (MASKED | length);
        } else {
            frame[1] = (byte) (MASKED | (lengthBytes == 2 ? 126 : 127));
            for (int i = lengthBytes - 1; i >= 0; i--) {
                frame[at++] = (byte) (((long) length) >>> (8 * i));
            }
        }
        System.arraycopy(MASK, 0, frame, at, 4);
        at += 4;
        for (int i = 0; i < length; i++) {
            frame[at + i] = (byte) (payload[i] ^ MASK[i & 3]);
        }
        return frame;
    }
}
