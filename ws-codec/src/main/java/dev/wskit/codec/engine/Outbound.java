package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The output side of an engine: what is owed or queued, framed in RFC 6455 order. Pongs owed to the peer, then
 * the application's Pings and Pongs, go between the frames of a data message (§5.4); a Close goes after the
 * data offered before it (a streamed message's pieces still to come are not waited for), or right after the
 * current frame once hurried; nothing follows a Close (§5.5.1).
 */
final class Outbound {
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private final FrameEncoder encoder;
    private final ExtensionEncoder extension;
    private final int fragmentSize;
    private final byte[] controlOut = new byte[FrameHeader.MAX_CONTROL_PAYLOAD];
    private final ByteBuffer controlView = ByteBuffer.wrap(controlOut);
    private final ArrayDeque<byte[]> owedPongs = new ArrayDeque<>();
    private final ArrayDeque<Control> controls = new ArrayDeque<>();
    private boolean keepaliveOwed;
    private byte[] closeBody;
    private boolean closeUrgent;
    private boolean closeWritten;
    private Opcode inFlight;
    /** Prepared frames, shared with other connections: read by absolute index, never moved. */
    private ByteBuffer encodedFrames;
    private int encodedIndex;
    private int encodedEnd;
    private boolean encodedInFlight;
    private ByteBuffer detached;

    private boolean dataOpen;
    private boolean dataStarted;
    private Opcode dataType;
    private int dataRsv;
    private ByteBuffer data;
    private int dataLimit;
    private boolean dataFinal;
    private byte[] encoded = new byte[0];
    private int encodedLength;
    private long messageLength;
    private long messageEncodedLength;
    private final PayloadSink encodedSink = this::appendEncoded;

    Outbound(FrameEncoder encoder, ExtensionEncoder extension, int fragmentSize) {
        this.encoder = encoder;
        this.extension = extension;
        this.fragmentSize = fragmentSize;
    }

    boolean offerData(Opcode type, ByteBuffer payload, boolean last) {
        return offerData(type, payload, last, true);
    }

    /**
     * Offers data, a new message untransformed when {@code transform} is false: RFC 7692 §6 lets any message
     * go without the extension's reserved bits, and the extension's encoder never sees it.
     */
    boolean offerData(Opcode type, ByteBuffer payload, boolean last, boolean transform) {
        if (!canOfferData()) {
            return false;
        }
        if (!dataOpen) {
            dataOpen = true;
            dataStarted = false;
            dataType = type;
            messageLength = 0;
            messageEncodedLength = 0;
            dataRsv = extension == null || !transform ? 0
                : extension.startMessage(type, last ? payload.remaining() : -1);
        } else if (type != dataType) {
            throw new IllegalStateException("A " + dataType + " message is being streamed; cannot add " + type);
        }
        messageLength += payload.remaining();
        data = dataRsv != 0 ? encode(payload, last) : payload;
        dataLimit = data.limit();
        messageEncodedLength += data.remaining();
        dataFinal = last;
        return true;
    }

    /** Returns the payload bytes offered so far for the current (or last) data message, as given. */
    long messageLength() {
        return messageLength;
    }

    /** Returns the payload bytes the current (or last) data message has on the wire, after any extension. */
    long messageEncodedLength() {
        return messageEncodedLength;
    }

    boolean offerEncoded(ByteBuffer frames) {
        if (data != null || dataOpen || encodedFrames != null) {
            return false;
        }
        encodedFrames = frames;
        encodedIndex = frames.position();
        encodedEnd = frames.limit();
        return true;
    }

    boolean isDataOpen() {
        return dataOpen;
    }

    boolean canOfferData() {
        return data == null && encodedFrames == null;
    }

    /** Queues a Ping or Pong the application sends, after those queued before it. */
    void queueControl(Opcode opcode, ByteBuffer payload) {
        if (controls.size() >= WebSocketEngine.MAX_QUEUED_CONTROLS) {
            throw new IllegalStateException("Too many Pings and Pongs queued: " + WebSocketEngine.MAX_QUEUED_CONTROLS);
        }
        controls.add(new Control(opcode, copy(payload)));
    }

    /** Queues the engine's own keepalive Ping, which the application's queue limit does not refuse. */
    void queueKeepalivePing() {
        keepaliveOwed = true;
    }

    /**
     * Owes the peer a Pong for its Ping. Every Ping is answered, in order: RFC 6455 §5.5.3 would allow answering
     * only the latest, but peers (and the Autobahn suite) count on one Pong each; the engine bounds how many are
     * owed by pausing its input instead.
     */
    void owePong(ByteBuffer payload) {
        owedPongs.add(copy(payload));
    }

    int owedPongs() {
        return owedPongs.size();
    }

    private static byte[] copy(ByteBuffer payload) {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        return copy;
    }

    /**
     * Queues a Close after the data message in progress; a Close already queued stays, unless {@code replace}
     * asks for this one instead (a failure's code) and the queued one has not started.
     */
    void queueClose(CloseCode code, String reason, boolean replace) {
        boolean closeInFlight = inFlight == Opcode.CLOSE || closeWritten;
        if (closeBody != null && (!replace || closeInFlight)) {
            return;
        }
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        closeBody = code == null ? new byte[0] : new byte[2 + reasonBytes.length];
        if (code != null) {
            closeBody[0] = (byte) (code.code() >>> 8);
            closeBody[1] = (byte) code.code();
            System.arraycopy(reasonBytes, 0, closeBody, 2, reasonBytes.length);
        }
    }

    boolean isCloseQueued() {
        return closeBody != null;
    }

    /** Lets the queued Close go right after the current frame, without waiting for the rest of the message. */
    void hurryClose() {
        closeUrgent = true;
    }

    boolean isCloseWritten() {
        return closeWritten;
    }

    boolean hasOutput() {
        return !closeWritten && (inFlight != null || !owedPongs.isEmpty() || keepaliveOwed || !controls.isEmpty() || data != null
            || encodedFrames != null || closeBody != null);
    }

    long pendingBytes() {
        long pending = encoder.pendingBytes() + (data == null ? 0 : dataLimit - data.position())
            + (encodedFrames == null ? 0 : encodedEnd - encodedIndex);
        for (Control control : controls) {
            pending += control.payload().length;
        }
        return pending;
    }

    /**
     * Writes frames into {@code dst}. A payload (or run of prepared frames) of at least {@code minDetached}
     * bytes that goes out unchanged is not copied: wrapping stops after its header and {@link #detached} holds it.
     */
    int wrap(ByteBuffer dst, long minDetached) {
        int start = dst.position();
        detached = null;
        while (!closeWritten && detached == null) {
            if (encodedInFlight) {
                if (!writeEncoded(dst, minDetached)) {
                    break;
                }
            } else if (inFlight != null) {
                if (!writeFrame(dst, minDetached)) {
                    break;
                }
                frameWritten();
            } else if (!dst.hasRemaining() || !beginNextFrame()) {
                // choose the next frame only when it can start: a Pong or Close owed meanwhile goes first
                break;
            }
        }
        return dst.position() - start;
    }

    /** The payload the last {@link #wrap} handed over instead of copying, or null. */
    ByteBuffer detached() {
        return detached;
    }

    private boolean writeFrame(ByteBuffer dst, long minDetached) {
        // the user's own buffer goes out as it is only when neither masking nor an extension transforms it
        boolean verbatim = !inFlight.isControl() && dataRsv == 0 && encoder.isPayloadVerbatim();
        if (!verbatim || data.remaining() < minDetached) {
            return encoder.encode(dst);
        }
        detached = encoder.encodeDetachingPayload(dst);
        return detached != null;
    }

    private boolean writeEncoded(ByteBuffer dst, long minDetached) {
        if (encodedEnd - encodedIndex < minDetached) {
            return copyEncoded(dst);
        }
        detached = encodedFrames.slice(encodedIndex, encodedEnd - encodedIndex);
        encodedWritten();
        return true;
    }

    private boolean beginNextFrame() {
        if (!owedPongs.isEmpty()) {
            byte[] pong = owedPongs.poll();
            beginControl(Opcode.PONG, pong, pong.length);
        } else if (keepaliveOwed) {
            keepaliveOwed = false;
            beginControl(Opcode.PING, controlOut, 0);
        } else if (!controls.isEmpty()) {
            Control control = controls.poll();
            beginControl(control.opcode(), control.payload(), control.payload().length);
        } else if (closeBody != null && (closeUrgent || data == null && encodedFrames == null)) {
            // after a Close is queued no more data is offered: it waits for what was, not for the rest of a
            // streamed message, which would never come
            beginControl(Opcode.CLOSE, closeBody, closeBody.length);
        } else if (data != null) {
            beginDataFrame();
        } else if (encodedFrames != null) {
            encodedInFlight = true;
        } else {
            return false;
        }
        return true;
    }

    /** Copies prepared bytes by absolute index: the buffer may be read by other engines at the same time. */
    private boolean copyEncoded(ByteBuffer dst) {
        int count = Math.min(encodedEnd - encodedIndex, dst.remaining());
        int at = dst.position();
        dst.put(at, encodedFrames, encodedIndex, count);
        dst.position(at + count);
        encodedIndex += count;
        if (encodedIndex < encodedEnd) {
            return false;
        }
        encodedWritten();
        return true;
    }

    private void encodedWritten() {
        encodedFrames = null;
        encodedInFlight = false;
    }

    private void beginControl(Opcode opcode, byte[] payload, int length) {
        System.arraycopy(payload, 0, controlOut, 0, length);
        controlView.clear().limit(length);
        inFlight = opcode;
        encoder.begin(true, 0, opcode, controlView);
    }

    private void beginDataFrame() {
        int end = (int) Math.min(dataLimit, (long) data.position() + fragmentSize);
        data.limit(end);
        boolean fin = dataFinal && end == dataLimit;
        Opcode opcode = dataStarted ? Opcode.CONTINUATION : dataType;
        int rsv = dataStarted ? 0 : dataRsv;
        dataStarted = true;
        inFlight = opcode;
        encoder.begin(fin, rsv, opcode, data);
    }

    private void frameWritten() {
        Opcode written = inFlight;
        inFlight = null;
        if (written == Opcode.CLOSE) {
            closeWritten = true;
            // RFC 6455 §5.5.1: nothing follows a Close, so Pongs still owed will never be written
            owedPongs.clear();
            controls.clear();
            keepaliveOwed = false;
        } else if (!written.isControl()) {
            dataFrameWritten();
        }
    }

    private void dataFrameWritten() {
        data.limit(dataLimit);
        if (data.hasRemaining()) {
            return;
        }
        data = null;
        if (dataFinal) {
            dataOpen = false;
            if (encoded.length > RETAINED_CAPACITY) {
                encoded = new byte[0];
            }
        }
    }

    /** A Ping or Pong the application queued. */
    private record Control(Opcode opcode, byte[] payload) {
    }

    private ByteBuffer encode(ByteBuffer payload, boolean last) {
        encodedLength = 0;
        extension.encode(payload, last, encodedSink);
        return ByteBuffer.wrap(encoded, 0, encodedLength);
    }

    private void appendEncoded(ByteBuffer chunk) {
        int count = chunk.remaining();
        if (encoded.length - encodedLength < count) {
            byte[] larger = new byte[Math.max(encodedLength + count, Math.max(256, encoded.length * 2))];
            System.arraycopy(encoded, 0, larger, 0, encodedLength);
            encoded = larger;
        }
        chunk.get(encoded, encodedLength, count);
        encodedLength += count;
    }
}
