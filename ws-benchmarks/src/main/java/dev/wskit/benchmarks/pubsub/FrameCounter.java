package dev.wskit.benchmarks.pubsub;

import java.nio.ByteBuffer;

/**
 * Counts the whole messages on one connection of {@link FanOutClients}: a push parser of RFC 6455 §5.2 frame
 * headers that skips payloads, so that a frame may arrive over any number of reads, split anywhere, header
 * included. A message is counted at the end of its final frame (FIN set, §5.4); control frames (§5.5) are not
 * messages. Not thread-safe.
 */
final class FrameCounter {
    private static final int MAX_HEADER = 14;

    private final byte[] header = new byte[MAX_HEADER];
    private int headerFill;
    private int headerLength = 2;
    private long payloadLeft;
    private boolean inPayload;
    private boolean finalData;
    private long messages;

    /**
     * Reads frames from the buffer, all of it.
     *
     * @param bytes what the connection received next
     */
    void feed(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            if (inPayload) {
                int skipped = (int) Math.min(payloadLeft, bytes.remaining());
                bytes.position(bytes.position() + skipped);
                payloadLeft -= skipped;
                if (payloadLeft == 0) {
                    frameEnded();
                }
            } else {
                header[headerFill++] = bytes.get();
                if (headerFill == 2) {
                    headerLength = 2 + extendedLengthBytes() + ((header[1] & 0b1000_0000) != 0 ? 4 : 0);
                }
                if (headerFill == headerLength) {
                    headerEnded();
                }
            }
        }
    }

    /**
     * Returns the messages counted so far.
     *
     * @return whole messages received
     */
    long messages() {
        return messages;
    }

    private int extendedLengthBytes() {
        int length = header[1] & 0b0111_1111;
        return length == 126 ? 2 : length == 127 ? 8 : 0;
    }

    private void headerEnded() {
        int opcode = header[0] & 0b0000_1111;
        finalData = (header[0] & 0b1000_0000) != 0 && opcode < 0x8;
        long length = header[1] & 0b0111_1111;
        int extended = extendedLengthBytes();
        if (extended > 0) {
            length = 0;
            for (int i = 0; i < extended; i++) {
                length = length << 8 | (header[2 + i] & 0xff);
            }
        }
        headerFill = 0;
        headerLength = 2;
        payloadLeft = length;
        inPayload = length > 0;
        if (!inPayload) {
            frameEnded();
        }
    }

    private void frameEnded() {
        inPayload = false;
        if (finalData) {
            messages++;
        }
    }
}
