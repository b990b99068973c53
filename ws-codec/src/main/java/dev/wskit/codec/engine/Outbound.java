package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.engine.OutboundQueue.Entry;
import dev.wskit.codec.engine.OutboundQueue.Kind;
import dev.wskit.codec.spi.ExtensionEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The output side of an engine: what is owed or queued, framed in RFC 6455 order. Data messages go in the order
 * they were sent (§5.4), each framed whole before the next starts; Pongs owed to the peer, then the application's
 * Pings and Pongs, go between their frames (§5.4, §5.5); a Close goes after the data sent before it (a streamed
 * message's pieces still to come are not waited for), or right after the current frame once hurried; nothing
 * follows a Close (§5.5.1), so what is still queued then is dropped. An extension transforms a message when its
 * first frame is about to be written, so that one buffer serves every message of the connection.
 */
final class Outbound {
    private static final byte[] NO_PAYLOAD = new byte[0];
    private final FrameEncoder encoder;
    private final MessageFramer framer;
    /** The control frame being written, and its view: made at the connection's first control frame, then kept. */
    private byte[] controlOut;
    private ByteBuffer controlView;
    /** The Pongs owed, oldest first: made at the connection's first Ping. */
    private ArrayDeque<byte[]> owedPongs;
    private final OutboundQueue controls = new OutboundQueue();
    private final OutboundQueue messages = new OutboundQueue();
    /** Payload bytes of the queued entries not yet begun. */
    private long queuedBytes;
    private boolean keepaliveOwed;
    private byte[] closeBody;
    private boolean closeUrgent;
    private boolean closeWritten;
    private boolean ended;
    private Opcode inFlight;
    /** The token of the application's Ping or Pong in flight, or {@code null}. */
    private Object controlToken;
    /** Whether the oldest message has begun to be framed: its payload is in the framer or {@link #encodedFrames}. */
    private boolean headBegun;
    /** Prepared frames, shared with other connections: read by absolute index, never moved. */
    private ByteBuffer encodedFrames;
    private int encodedIndex;
    private int encodedEnd;
    private boolean encodedInFlight;
    private ByteBuffer detached;

    Outbound(FrameEncoder encoder, ExtensionEncoder extension, EngineListener listener, int fragmentSize) {
        this.encoder = encoder;
        this.framer = new MessageFramer(encoder, extension, listener, fragmentSize);
    }

    /**
     * Queues a data message or one piece of it, after those queued before it: untransformed when {@code transform}
     * is false (RFC 7692 §6 lets any message go without the extension's reserved bits).
     */
    void queueData(Opcode type, ByteBuffer payload, boolean last, boolean transform, Object token) {
        Entry entry = messages.add(Kind.DATA, token);
        entry.type = type;
        entry.payload = payload;
        entry.last = last;
        entry.transform = transform;
        entry.size = payload.remaining();
        queuedBytes += entry.size;
    }

    /** Queues prepared frames, read by absolute index between the buffer's position and limit as they are now. */
    void queueEncoded(ByteBuffer frames, Object token) {
        Entry entry = messages.add(Kind.ENCODED, token);
        entry.payload = frames;
        entry.start = frames.position();
        entry.end = frames.limit();
        entry.size = entry.end - entry.start;
        queuedBytes += entry.size;
    }

    /**
     * Returns the type of the message being sent in fragments whose last piece has not been queued, or
     * {@code null} when the next data queued starts a message.
     */
    Opcode openStream() {
        Entry last = messages.peekLast();
        if (last == null) {
            return framer.isOpen() ? framer.type() : null;
        }
        return last.kind == Kind.DATA && !last.last ? last.type : null;
    }

    /** Tells whether data is queued, being framed, or a message sent in fragments awaits its last piece. */
    boolean hasData() {
        return !messages.isEmpty() || framer.isOpen();
    }

    /** Queues a Ping or Pong the application sends, after those queued before it, its payload copied. */
    void queueControl(Opcode opcode, ByteBuffer payload, Object token) {
        if (payload.remaining() > FrameHeader.MAX_CONTROL_PAYLOAD) {
            throw new IllegalArgumentException("Control frame payload too long: " + payload.remaining() + " > "
                + FrameHeader.MAX_CONTROL_PAYLOAD);
        }
        Entry entry = controls.add(Kind.CONTROL, token);
        entry.type = opcode;
        entry.copyControl(payload);
        queuedBytes += entry.size;
    }

    /** Queues the engine's own keepalive Ping. */
    void queueKeepalivePing() {
        keepaliveOwed = true;
    }

    /**
     * Owes the peer a Pong for its Ping. Every Ping is answered, in order: RFC 6455 §5.5.3 would allow answering
     * only the latest, but peers (and the Autobahn suite) count on one Pong each; the engine bounds how many are
     * owed by pausing its input instead.
     */
    void owePong(ByteBuffer payload) {
        byte[] copy = new byte[payload.remaining()];
        payload.duplicate().get(copy);
        if (owedPongs == null) {
            owedPongs = new ArrayDeque<>(4);
        }
        owedPongs.add(copy);
    }

    int owedPongs() {
        return owedPongs == null ? 0 : owedPongs.size();
    }

    /**
     * Queues a Close after the data messages queued; a Close already queued stays, unless {@code replace} asks for
     * this one instead (a failure's code) and the queued one has not started.
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

    /** Lets the queued Close go right after the current frame, without waiting for the data queued. */
    void hurryClose() {
        closeUrgent = true;
    }

    boolean isCloseWritten() {
        return closeWritten;
    }

    boolean hasOutput() {
        return !closeWritten && !ended && (inFlight != null || encodedInFlight || owedPongs() > 0
            || keepaliveOwed || !controls.isEmpty() || !messages.isEmpty() || closeBody != null);
    }

    long pendingBytes() {
        if (ended) {
            return 0;
        }
        return encoder.pendingBytes() + framer.remaining() + (encodedFrames == null ? 0 : encodedEnd - encodedIndex)
            + queuedBytes;
    }

    /** Drops the data messages not yet begun, reporting their tokens. */
    void discardQueuedData(SendListener sink) {
        queuedBytes -= messages.dropAfter(headBegun ? 1 : 0, sink);
    }

    /** The transport closed: nothing more is written, and everything queued is dropped. */
    void end(SendListener sink) {
        ended = true;
        dropAll(sink);
        if (controlToken != null) {
            sink.onDropped(controlToken);
            controlToken = null;
        }
    }

    /**
     * Writes frames into {@code dst}, reporting to {@code sink} the messages written. A payload (or run of prepared
     * frames) of at least {@code minDetached} bytes that goes out unchanged is not copied: wrapping stops after its
     * header and {@link #detached} holds it.
     */
    int wrap(ByteBuffer dst, long minDetached, SendListener sink) {
        int start = dst.position();
        detached = null;
        while (!closeWritten && !ended && detached == null) {
            if (encodedInFlight) {
                if (!writeEncoded(dst, minDetached, sink)) {
                    break;
                }
            } else if (inFlight != null) {
                if (!writeFrame(dst, minDetached)) {
                    break;
                }
                frameWritten(sink);
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
        if (inFlight.isControl() || !framer.isVerbatim(minDetached)) {
            return encoder.encode(dst);
        }
        detached = encoder.encodeDetachingPayload(dst);
        return detached != null;
    }

    private boolean writeEncoded(ByteBuffer dst, long minDetached, SendListener sink) {
        if (encodedEnd - encodedIndex < minDetached) {
            return copyEncoded(dst, sink);
        }
        detached = encodedFrames.slice(encodedIndex, encodedEnd - encodedIndex);
        encodedWritten(sink);
        return true;
    }

    private boolean beginNextFrame() {
        if (owedPongs() > 0) {
            byte[] pong = owedPongs.poll();
            beginControl(Opcode.PONG, pong, pong.length);
        } else if (keepaliveOwed) {
            keepaliveOwed = false;
            beginControl(Opcode.PING, NO_PAYLOAD, 0);
        } else if (!controls.isEmpty()) {
            Entry control = controls.peek();
            beginControl(control.type, control.control(), control.size);
            queuedBytes -= control.size;
            controlToken = controls.poll();
        } else if (closeBody != null && (closeUrgent || messages.isEmpty())) {
            // after a Close is queued no more data is sent: it waits for what was, not for the rest of a
            // streamed message, which would never come
            beginControl(Opcode.CLOSE, closeBody, closeBody.length);
        } else if (!messages.isEmpty()) {
            beginData();
        } else {
            return false;
        }
        return true;
    }

    private void beginData() {
        if (!headBegun) {
            beginMessage(messages.peek());
        }
        if (encodedFrames != null) {
            encodedInFlight = true;
        } else {
            inFlight = framer.beginFrame();
        }
    }

    /** Takes the oldest queued message (or piece) into framing, transformed by the extension unless told not to. */
    private void beginMessage(Entry entry) {
        headBegun = true;
        queuedBytes -= entry.size;
        if (entry.kind == Kind.ENCODED) {
            encodedFrames = entry.payload;
            encodedIndex = entry.start;
            encodedEnd = entry.end;
            return;
        }
        framer.begin(entry.type, entry.payload, entry.last, entry.transform);
    }

    /** Copies prepared bytes by absolute index: the buffer may be read by other engines at the same time. */
    private boolean copyEncoded(ByteBuffer dst, SendListener sink) {
        int count = Math.min(encodedEnd - encodedIndex, dst.remaining());
        int at = dst.position();
        dst.put(at, encodedFrames, encodedIndex, count);
        dst.position(at + count);
        encodedIndex += count;
        if (encodedIndex < encodedEnd) {
            return false;
        }
        encodedWritten(sink);
        return true;
    }

    private void encodedWritten(SendListener sink) {
        encodedFrames = null;
        encodedInFlight = false;
        headWritten(sink);
    }

    private void beginControl(Opcode opcode, byte[] payload, int length) {
        if (controlOut == null) {
            controlOut = new byte[FrameHeader.MAX_CONTROL_PAYLOAD];
            controlView = ByteBuffer.wrap(controlOut);
        }
        System.arraycopy(payload, 0, controlOut, 0, length);
        controlView.clear().limit(length);
        inFlight = opcode;
        encoder.begin(true, 0, opcode, controlView);
    }

    private void frameWritten(SendListener sink) {
        Opcode written = inFlight;
        inFlight = null;
        if (written == Opcode.CLOSE) {
            closeWritten = true;
            // RFC 6455 §5.5.1: nothing follows a Close, so what is still owed or queued will never be written
            if (owedPongs != null) {
                owedPongs.clear();
            }
            keepaliveOwed = false;
            dropAll(sink);
        } else if (written.isControl()) {
            Object token = controlToken;
            controlToken = null;
            if (token != null) {
                sink.onWritten(token);
            }
        } else if (framer.frameWritten()) {
            headWritten(sink);
        }
    }

    /** The oldest message (or piece) has been written whole. */
    private void headWritten(SendListener sink) {
        headBegun = false;
        Object token = messages.poll();
        if (token != null) {
            sink.onWritten(token);
        }
    }

    private void dropAll(SendListener sink) {
        controls.dropAfter(0, sink);
        messages.dropAfter(0, sink);
        queuedBytes = 0;
        headBegun = false;
        framer.drop();
        encodedFrames = null;
        encodedInFlight = false;
    }
}
