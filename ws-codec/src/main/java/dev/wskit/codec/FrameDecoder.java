package dev.wskit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A push parser for RFC 6455 frames (§5.2) that also enforces the frame-level rules: masking direction
 * (§5.1, §5.3), reserved opcodes and bits (§5.2, §5.8), control-frame limits (§5.5) and a payload size limit.
 *
 * <p>Bytes arrive in buffers split anywhere, heap or direct; {@link #decode} consumes all of them and reports
 * frames to a {@link FrameListener}. Between calls the decoder keeps at most one frame header (14 bytes) and
 * its progress through the current payload; payloads are never copied: masked payloads are unmasked in place
 * in the caller's buffer (which must then be writable) and handed over as slices of it. After a
 * {@link ProtocolException} the decoder is poisoned and refuses further input.
 *
 * <p>Not thread-safe: one decoder per connection, used by one thread at a time.
 */
public final class FrameDecoder {
    private static final int FIN = 0b1000_0000;
    private static final int RSV = FrameHeader.RSV_ALL << 4;
    private static final int OPCODE = 0b0000_1111;
    private static final int MASK = 0b1000_0000;
    private static final int LENGTH7 = 0b0111_1111;
    /** The opcode bit that marks control frames (§5.5). */
    private static final int CONTROL = 0b1000;
    private static final VarHandle HEAD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The opcode for each first header byte that needs no further check: no RSV bit, a known opcode, and FIN
     * when it is a control frame; null for the others, which {@link #checkOpcode} judges.
     */
    private static final Opcode[] PLAIN_FIRST_BYTES = new Opcode[256];

    static {
        for (Opcode opcode : Opcode.values()) {
            PLAIN_FIRST_BYTES[FIN | opcode.code()] = opcode;
            if (!opcode.isControl()) {
                PLAIN_FIRST_BYTES[opcode.code()] = opcode;
            }
        }
    }

    private final boolean expectMasked;
    private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
    private final ByteBuffer headerView = ByteBuffer.wrap(header);
    private int headerFill;
    private int allowedRsv;
    private long maxPayloadLength = Long.MAX_VALUE;

    private boolean inPayload;
    private long remaining;
    private boolean masked;
    private int maskKey;
    private int maskPhase;
    private ProtocolException failure;
    private boolean stopRequested;

    /**
     * Creates a decoder for one side of a connection.
     *
     * @param role the side this decoder runs on: a server expects masked frames, a client unmasked ones
     */
    public FrameDecoder(Role role) {
        this.expectMasked = Objects.requireNonNull(role, "role").expectsMaskedIncoming();
    }

    /**
     * Sets the reserved bits that negotiated extensions claim on data frames; other bits fail with 1002.
     *
     * @param rsvBits a mask of RSV bits, {@link FrameHeader#RSV1} and the others
     * @return this decoder
     */
    public FrameDecoder allowedRsv(int rsvBits) {
        if ((rsvBits & ~FrameHeader.RSV_ALL) != 0) {
            throw new IllegalArgumentException("RSV bits out of range 0-7: " + rsvBits);
        }
        this.allowedRsv = rsvBits;
        return this;
    }

    /**
     * Sets the largest payload accepted in one frame; a longer frame fails with 1009 before any of its
     * payload is read.
     *
     * @param maxPayloadLength the limit in bytes, at least 125
     * @return this decoder
     */
    public FrameDecoder maxPayloadLength(long maxPayloadLength) {
        if (maxPayloadLength < FrameHeader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("Frame payload limit below 125: " + maxPayloadLength);
        }
        this.maxPayloadLength = maxPayloadLength;
        return this;
    }

    /**
     * Decodes every byte between the position and the limit of {@code src}, reporting frames to
     * {@code listener}; on return the buffer's position equals its limit, unless the listener called
     * {@link #stopAtFrameEnd} (then it stands after that frame's last byte).
     *
     * @param src the received bytes; masked payloads are unmasked in place
     * @param listener where frame events go
     * @throws ProtocolException when the peer broke a frame rule; the decoder is then poisoned
     * @throws IllegalStateException when called after a failure
     */
    public void decode(ByteBuffer src, FrameListener listener) {
        if (failure != null) {
            throw new IllegalStateException("Decoder failed earlier: " + failure.getMessage(), failure);
        }
        try {
            while (src.hasRemaining() && !stopRequested) {
                if (inPayload) {
                    deliverPayload(src, listener);
                } else if (headerFill != 0 || !decodeShortFrame(src, listener)) {
                    readHeader(src, listener);
                }
            }
        } catch (ProtocolException e) {
            failure = e;
            throw e;
        } finally {
            stopRequested = false;
        }
    }

    /**
     * Asks the {@link #decode} in progress to return now that a frame has ended, leaving the bytes after it in
     * the source buffer: a listener calls it from {@link FrameListener#onFrameEnd} when it cannot take more
     * frames for now, as when too many Pongs are owed. Has no effect outside {@code decode}.
     */
    public void stopAtFrameEnd() {
        stopRequested = true;
    }

    /**
     * Tells whether the decoder stands between frames (no partial header or payload pending).
     *
     * @return true when the next byte would start a new frame
     */
    public boolean isAtFrameBoundary() {
        return !inPayload && headerFill == 0;
    }

    /**
     * Decodes a frame of at most 125 payload bytes when all of it is in {@code src}, in one go: the common
     * case of small messages, spared the bookkeeping of a payload that arrives in pieces.
     *
     * @return false, with nothing consumed, when the next frame is longer or not all in {@code src}
     */
    private boolean decodeShortFrame(ByteBuffer src, FrameListener listener) {
        int start = src.position();
        int limit = src.limit();
        if (limit - start < Long.BYTES) {
            return false;
        }
        // the first eight bytes in one read: both header bytes and, on a masked frame, the key; a heap buffer is
        // read through its array, with one bounds check instead of the buffer's several
        byte[] array = src.hasArray() ? src.array() : null;
        int base = array != null ? src.arrayOffset() : 0;
        long head = array != null ? (long) HEAD.get(array, base + start) : readHead(src, start);
        int first = (int) (head >>> 56);
        int second = (int) (head >>> 48) & 0xFF;
        int length = second & LENGTH7;
        int payloadStart = start + headerLength((byte) second);
        int end = payloadStart + length;
        if (length > FrameHeader.MAX_CONTROL_PAYLOAD || end > limit) {
            return false;
        }
        boolean fin = (first & FIN) != 0;
        int rsv = (first & RSV) >>> 4;
        Opcode opcode = PLAIN_FIRST_BYTES[first];
        if (opcode == null) {
            opcode = checkOpcode(first & OPCODE, fin, rsv);
        }
        if (checkMasking(second) && length > 0) {
            int key = (int) (head >>> 16);
            if (array != null) {
                Masker.maskArray(array, base + payloadStart, base + end, key, 0);
            } else {
                Masker.mask(src, payloadStart, end, key, 0);
            }
        }
        listener.onHeader(fin, rsv, opcode, length);
        if (length > 0) {
            src.limit(end).position(payloadStart);
            try {
                listener.onPayload(src);
            } finally {
                src.limit(limit);
            }
        }
        src.position(end);
        listener.onFrameEnd();
        return true;
    }

    private void readHeader(ByteBuffer src, FrameListener listener) {
        if (headerFill == 0) {
            int start = src.position();
            int available = src.limit() - start;
            if (available >= 2) {
                int length = headerLength(src.get(start + 1));
                if (available >= length) {
                    src.position(start + length);
                    parseHeader(src, start, listener);
                    return;
                }
            }
        }
        header[headerFill++] = src.get();
        if (headerFill >= 2 && headerFill == headerLength(header[1])) {
            headerFill = 0;
            parseHeader(headerView, 0, listener);
        }
    }

    private static int headerLength(byte second) {
        return 2 + extendedLengthBytes(second & LENGTH7) + ((second & MASK) != 0 ? 4 : 0);
    }

    private void parseHeader(ByteBuffer bytes, int at, FrameListener listener) {
        int first = bytes.get(at) & 0xFF;
        int second = bytes.get(at + 1) & 0xFF;
        boolean fin = (first & FIN) != 0;
        int rsv = (first & RSV) >>> 4;
        Opcode opcode = checkOpcode(first & OPCODE, fin, rsv);
        masked = checkMasking(second);
        long length = readLength(bytes, at + 2, second & LENGTH7);
        checkLength(opcode, length);
        if (masked) {
            maskKey = readKey(bytes, at + 2 + extendedLengthBytes(second & LENGTH7));
            maskPhase = 0;
        }
        remaining = length;
        inPayload = length > 0;
        listener.onHeader(fin, rsv, opcode, length);
        if (length == 0) {
            listener.onFrameEnd();
        }
    }

    private Opcode checkOpcode(int code, boolean fin, int rsv) {
        Opcode opcode = Opcode.lookup(code);
        if (opcode == null) {
            // RFC 6455 §5.2: an unknown opcode MUST fail the connection
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Reserved opcode: 0x" + Integer.toHexString(code));
        }
        if ((code & CONTROL) != 0) {
            if (!fin) {
                // RFC 6455 §5.5: control frames MUST NOT be fragmented
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Control frame must be final: " + opcode);
            }
            if (rsv != 0) {
                // RFC 7692 §6.1 and every known extension: reserved bits never apply to control frames
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Reserved bits set on control frame "
                    + opcode + ": RSV=" + Integer.toBinaryString(rsv));
            }
        } else if ((rsv & ~allowedRsv) != 0) {
            // RFC 6455 §5.2: RSV bits MUST be 0 unless an extension defines them
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                "Reserved bits set without a negotiated extension: RSV=" + Integer.toBinaryString(rsv));
        }
        return opcode;
    }

    private boolean checkMasking(int second) {
        boolean isMasked = (second & MASK) != 0;
        if (expectMasked && !isMasked) {
            // RFC 6455 §5.1: a server MUST close the connection upon receiving an unmasked frame
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Client frame is not masked");
        }
        if (!expectMasked && isMasked) {
            // RFC 6455 §5.1: a client MUST close the connection if it detects a masked frame
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Server frame is masked");
        }
        return isMasked;
    }

    private static int extendedLengthBytes(int length7) {
        return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    }

    private static long readLength(ByteBuffer bytes, int at, int length7) {
        if (length7 < 126) {
            return length7;
        }
        if (length7 == 126) {
            int length = (int) readBigEndian(bytes, at, 2);
            if (length < 126) {
                // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                    "Non-minimal length encoding: " + length + " in 16 bits");
            }
            return length;
        }
        long length = readBigEndian(bytes, at, 8);
        if (length < 0) {
            // RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                "64-bit payload length has its top bit set: 0x" + Long.toHexString(length));
        }
        if (length <= 0xFFFF) {
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                "Non-minimal length encoding: " + length + " in 64 bits");
        }
        return length;
    }

    /** Reads eight bytes as a big-endian long, whatever the buffer's own order is. */
    private static long readHead(ByteBuffer src, int at) {
        long head = src.getLong(at);
        return src.order() == ByteOrder.BIG_ENDIAN ? head : Long.reverseBytes(head);
    }

    /** Reads the four masking-key bytes as a big-endian int, whatever the buffer's own order is. */
    private static int readKey(ByteBuffer bytes, int at) {
        int key = bytes.getInt(at);
        return bytes.order() == ByteOrder.BIG_ENDIAN ? key : Integer.reverseBytes(key);
    }

    /** Reads network byte order whatever the buffer's own order is. */
    private static long readBigEndian(ByteBuffer bytes, int at, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (bytes.get(at + i) & 0xFF);
        }
        return value;
    }

    private void checkLength(Opcode opcode, long length) {
        if (opcode.isControl() && length > FrameHeader.MAX_CONTROL_PAYLOAD) {
            // RFC 6455 §5.5: control frames MUST have a payload of 125 bytes or less
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                "Control frame payload too long: " + length + " > " + FrameHeader.MAX_CONTROL_PAYLOAD);
        }
        if (length > maxPayloadLength) {
            throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG,
                "Frame payload too long: " + length + " > " + maxPayloadLength);
        }
    }

    private void deliverPayload(ByteBuffer src, FrameListener listener) {
        int start = src.position();
        int chunk = (int) Math.min(remaining, src.remaining());
        int end = start + chunk;
        if (masked) {
            maskPhase = Masker.mask(src, start, end, maskKey, maskPhase);
        }
        int limit = src.limit();
        src.limit(end);
        try {
            listener.onPayload(src);
        } finally {
            src.limit(limit);
            src.position(end);
        }
        remaining -= chunk;
        if (remaining == 0) {
            inPayload = false;
            listener.onFrameEnd();
        }
    }
}
