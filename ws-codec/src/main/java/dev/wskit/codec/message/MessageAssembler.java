package dev.wskit.codec.message;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.FrameListener;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Utf8Validator;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns decoded frames into messages (RFC 6455 §5.4–§5.6, §8.1): enforces fragmentation order, validates
 * text as UTF-8 as it arrives, applies an extension's payload transformation, limits message size, and
 * parses Close bodies (§5.5.1, §7.4).
 *
 * <p>Plug it between a {@link dev.wskit.codec.FrameDecoder} and a {@link MessageListener}. Failures are
 * {@link ProtocolException}s with 1002 (fragmentation, close codes), 1007 (UTF-8, at the first bad byte)
 * or 1009 (size, before the oversized payload is read where the length is known). A single-frame message
 * whose payload arrives in one buffer is delivered without copying.
 *
 * <p>Not thread-safe: one assembler per connection, used by the decoding thread.
 */
public final class MessageAssembler implements FrameListener {
    private static final int RETAINED_CAPACITY = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final byte[] NO_STORAGE = new byte[0];

    private final MessageListener listener;
    private final Delivery delivery;
    private final long maxMessageSize;
    private final Utf8Validator textValidator = new Utf8Validator();
    private final Utf8Validator reasonValidator = new Utf8Validator();
    /** A control frame's payload: made at the connection's first control frame, then kept. */
    private byte[] control = NO_STORAGE;
    private ByteBuffer controlView;
    private final PayloadSink sink = this::acceptData;
    private ExtensionDecoder extension;
    private MessageBudget budget;

    private Opcode frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private int controlFill;

    private Opcode messageType;
    private long messageSize;
    private long messageWireSize;
    private boolean transforming;
    private boolean deliveredDirectly;
    private byte[] storage = NO_STORAGE;
    /** A view of {@link #storage}, made when a message is delivered from it. */
    private ByteBuffer storageView;
    private int stored;

    /**
     * Creates an assembler.
     *
     * @param listener where messages go
     * @param delivery whether messages are delivered whole or streamed
     * @param maxMessageSize the largest message accepted, in bytes after any extension's transformation;
     *     at most {@link Integer#MAX_VALUE} - 8 in {@link Delivery#WHOLE} mode
     */
    public MessageAssembler(MessageListener listener, Delivery delivery, long maxMessageSize) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        if (maxMessageSize < 0 || (delivery == Delivery.WHOLE && maxMessageSize > Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException("Message size limit out of range for " + delivery + ": " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Routes data payloads through a negotiated extension's decoder.
     *
     * @param decoder the extension's decoder, or {@code null} for none
     * @return this assembler
     */
    public MessageAssembler extension(ExtensionDecoder decoder) {
        this.extension = decoder;
        return this;
    }

    /**
     * Counts the buffer of messages in assembly against a budget shared with other connections: the buffer
     * grows only when the budget has room, or the message fails with 1009.
     *
     * @param shared the budget, or {@code null} for none
     * @return this assembler
     */
    public MessageAssembler budget(MessageBudget shared) {
        this.budget = shared;
        return this;
    }

    /**
     * Lets go at once of everything the message in progress holds: its buffer (given back to the budget), the
     * UTF-8 state and the extension's decoding state ({@link ExtensionDecoder#release()}). The engine calls it
     * when the connection fails or closes, so that a failed connection waiting for its close timeout holds a
     * few hundred bytes, not the message that failed it. Idempotent; frames after it are not expected.
     */
    public void release() {
        messageType = null;
        transforming = false;
        stored = 0;
        textValidator.reset();
        dropStorage();
        if (extension != null) {
            extension.release();
        }
    }

    private void dropStorage() {
        if (budget != null) {
            budget.release(storage.length);
        }
        storage = NO_STORAGE;
        storageView = null;
    }

    /**
     * Tells whether a fragmented message is in progress.
     *
     * @return true between the first and the final frame of a data message
     */
    public boolean isInsideMessage() {
        return messageType != null;
    }

    /**
     * Tells, while a whole message is delivered, whether its payload is a view of the bytes given to the decoder
     * (a message that came in one frame, untransformed: RFC 6455 §5.4 lets it be delivered as its frame's
     * payload, unmasked in place) rather than this assembler's buffer, which the next message reuses. The view is
     * valid as long as the caller keeps those bytes unchanged.
     *
     * @return true when the message delivered now is a view of the input
     */
    public boolean isDeliveringInput() {
        return deliveredDirectly && messageType != null;
    }

    /**
     * Returns the payload length of the data message being received, or of the one just delivered, as its frames
     * carried it (before any extension's transformation, RFC 6455 §9). Read it while the message is delivered.
     *
     * @return the bytes of its frames' payloads so far
     */
    public long messageWireLength() {
        return messageWireSize;
    }

    /**
     * Returns the payload length of the data message being received, or of the one just delivered, after any
     * extension's transformation (UTF-8 bytes for text). Read it while the message is delivered.
     *
     * @return the bytes of its payload so far
     */
    public long messageLength() {
        return messageSize;
    }

    @Override
    public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
        frameOpcode = opcode;
        frameFin = fin;
        frameLength = payloadLength;
        if (opcode.isControl()) {
            controlFill = 0;
            return;
        }
        startFrame(opcode, rsv);
        if (!transforming && payloadLength > maxMessageSize - messageSize) {
            throw tooBig(messageSize + payloadLength);
        }
    }

    private void startFrame(Opcode opcode, int rsv) {
        boolean first = opcode != Opcode.CONTINUATION;
        if (first && messageType != null) {
            // RFC 6455 §5.4: fragments of one message MUST NOT be interleaved with another message
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR,
                "Expected a continuation of the " + messageType + " message, got " + opcode);
        }
        if (!first && messageType == null) {
            // RFC 6455 §5.4: a continuation frame only follows a non-final data frame
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Continuation frame without a message in progress");
        }
        if (first) {
            messageType = opcode;
            messageSize = 0;
            messageWireSize = 0;
            deliveredDirectly = false;
        }
        if (extension != null) {
            extension.onFrameHeader(first, rsv);
            if (first) {
                transforming = extension.isTransforming();
            }
        }
    }

    @Override
    public void onPayload(ByteBuffer payload) {
        if (frameOpcode.isControl()) {
            int count = payload.remaining();
            payload.get(controlBytes(), controlFill, count);
            controlFill += count;
            return;
        }
        messageWireSize += payload.remaining();
        if (transforming) {
            extension.decode(payload, sink);
        } else {
            acceptData(payload);
        }
    }

    @Override
    public void onFrameEnd() {
        if (frameOpcode.isControl()) {
            deliverControl();
        } else if (frameFin) {
            if (transforming) {
                extension.endMessage(sink);
            }
            finishMessage();
        }
    }

    private void acceptData(ByteBuffer chunk) {
        int count = chunk.remaining();
        if (count > maxMessageSize - messageSize) {
            throw tooBig(messageSize + count);
        }
        messageSize += count;
        boolean text = messageType == Opcode.TEXT;
        if (text) {
            textValidator.validate(chunk);
        }
        if (delivery == Delivery.STREAMED) {
            deliverChunk(chunk, false);
        } else if (isWholeFrameMessage(count)) {
            deliverDirectly(chunk, text);
        } else {
            store(chunk);
        }
    }

    private boolean isWholeFrameMessage(int count) {
        return frameFin && frameOpcode != Opcode.CONTINUATION && !transforming && count == frameLength;
    }

    private void deliverDirectly(ByteBuffer chunk, boolean text) {
        deliveredDirectly = true;
        if (text) {
            textValidator.finish();
            listener.onText(decodeUtf8(chunk));
        } else {
            listener.onBinary(chunk);
        }
    }

    private static String decodeUtf8(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            return new String(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining(),
                StandardCharsets.UTF_8);
        }
        // a direct buffer: copied into an array, which the String constructor decodes with one more copy at most;
        // a CharsetDecoder would allocate a char buffer twice the size, then compress it into a third copy. The
        // array is not kept: a connection retains nothing between messages.
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(chunk.position(), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void deliverChunk(ByteBuffer chunk, boolean last) {
        if (messageType == Opcode.TEXT) {
            listener.onTextChunk(chunk, last);
        } else {
            listener.onBinaryChunk(chunk, last);
        }
    }

    private void store(ByteBuffer chunk) {
        int count = chunk.remaining();
        if (storage.length - stored < count) {
            grow(stored + count);
        }
        chunk.get(storage, stored, count);
        stored += count;
    }

    private void grow(int needed) {
        long target = Math.max(needed, Math.min((long) storage.length * 2, maxMessageSize));
        int length = (int) Math.max(target, 256);
        long added = length - storage.length;
        if (budget != null && !budget.tryReserve(added)) {
            // RFC 6455 §10.4: what all peers together make the server hold is limited, not only each message
            throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG, "Inbound memory budget exhausted: "
                + budget.used() + " + " + added + " > " + budget.limit() + " bytes");
        }
        byte[] larger;
        try {
            larger = new byte[length];
        } catch (OutOfMemoryError e) {
            // the allocation that failed took nothing: this message fails, the process and other connections go on
            if (budget != null) {
                budget.release(added);
            }
            throw new ProtocolException(CloseCode.MESSAGE_TOO_BIG,
                "Message too big for the memory left: " + length + " bytes", e);
        }
        System.arraycopy(storage, 0, larger, 0, stored);
        storage = larger;
        storageView = null;
    }

    private void finishMessage() {
        boolean text = messageType == Opcode.TEXT;
        if (text && !deliveredDirectly) {
            // RFC 6455 §8.1: a text message that ends inside a code point is invalid
            textValidator.finish();
        }
        if (delivery == Delivery.STREAMED) {
            deliverChunk(EMPTY.duplicate(), true);
        } else if (!deliveredDirectly) {
            deliverStored(text);
        }
        messageType = null;
        transforming = false;
        stored = 0;
        if (storage.length > RETAINED_CAPACITY) {
            dropStorage();
        }
    }

    private void deliverStored(boolean text) {
        if (text) {
            listener.onText(new String(storage, 0, stored, StandardCharsets.UTF_8));
        } else {
            if (storageView == null) {
                storageView = ByteBuffer.wrap(storage);
            }
            listener.onBinary(storageView.clear().limit(stored));
        }
    }

    private byte[] controlBytes() {
        if (control == NO_STORAGE) {
            control = new byte[FrameHeader.MAX_CONTROL_PAYLOAD];
        }
        return control;
    }

    private void deliverControl() {
        if (controlView == null) {
            controlView = ByteBuffer.wrap(controlBytes());
        }
        controlView.clear().limit(controlFill);
        switch (frameOpcode) {
            case PING -> listener.onPing(controlView);
            case PONG -> listener.onPong(controlView);
            case CLOSE -> deliverClose();
            case CONTINUATION, TEXT, BINARY -> throw new IllegalStateException("Not a control frame: " + frameOpcode);
        }
    }

    private void deliverClose() {
        if (controlFill == 0) {
            listener.onCloseReceived(null, "");
            return;
        }
        if (controlFill == 1) {
            // RFC 6455 §5.5.1: a Close body, if present, MUST start with a 2-byte status code
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Close frame body of 1 byte");
        }
        int code = ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        CloseCode closeCode = CloseCode.of(code);
        if (!closeCode.isValidOnWire()) {
            // RFC 6455 §7.4.1: codes such as 1005 and 1006 MUST NOT be set in a Close frame
            throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "Invalid close code: " + code);
        }
        reasonValidator.reset();
        reasonValidator.validate(control, 2, controlFill - 2);
        reasonValidator.finish();
        listener.onCloseReceived(closeCode, new String(control, 2, controlFill - 2, StandardCharsets.UTF_8));
    }

    private ProtocolException tooBig(long size) {
        return new ProtocolException(CloseCode.MESSAGE_TOO_BIG,
            "Message too big: " + size + " > " + maxMessageSize + " bytes");
    }
}
