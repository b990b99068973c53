package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Message;
import dev.wskit.codec.message.MessageAssembler;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.SharedEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One open WebSocket connection as a sans-I/O state machine, in the manner of {@code SSLEngine}: RFC 6455
 * after the opening handshake, from data transfer (§6) to the close handshake (§7).
 *
 * <p>The transport feeds received bytes to {@link #unwrap} while {@link #isReadyForInput()} (keeping what it
 * did not consume for later), drains output with {@link #wrap} whenever
 * {@link #hasOutput()}, calls {@link #onTimer} after each of those and when {@link #nextDeadline()} passes,
 * reports the end of its byte stream with {@link #onTransportClosed}, and closes the socket when
 * {@link #isTransportCloseDue()}. The engine answers Pings and Close frames by queueing what it owes, and
 * fails the connection with the right close code on any {@link ProtocolException} (§7.1.7); it never writes
 * anything by itself. Events go to the {@link EngineListener} given at construction, on the calling thread.
 *
 * <p>Messages are queued in the order they are sent, however many wait: data messages are framed one after
 * the other (§5.4), the application's Pings and Pongs go between their frames (§5.5), and a Close after all of
 * them (§7.1.2). The engine bounds neither how many nor how many bytes wait: that is the caller's backpressure.
 * Each message may carry a token, an object of the caller's that the engine reports to the
 * {@link SendListener} given at construction once the message is written, or dropped when it never will be.
 *
 * <p>Not thread-safe: the transport serializes calls (one connection, one thread at a time).
 */
public final class WebSocketEngine {
    /** How many Pongs may be owed to the peer before input stops being decoded (see {@link #isReadyForInput}). */
    public static final int MAX_OWED_PONGS = 16;
    private static final SendListener IGNORED = new SendListener() {
        @Override
        public void onWritten(Object token) {
        }

        @Override
        public void onDropped(Object token) {
        }
    };

    private final Role role;
    private final EngineListener listener;
    private final SendListener sends;
    private final FrameDecoder decoder;
    private final MessageAssembler assembler;
    private final Outbound outbound;
    private final Deadlines deadlines;
    private final ExtensionChain extensions;
    private final DeliveryCount deliveries = new DeliveryCount();
    private final SendChecks checks;
    private final CloseHandshake closing;
    private long bytesIn;
    private long bytesOut;

    /**
     * Creates the engine for a connection whose opening handshake has completed.
     *
     * @param role which side this engine speaks for
     * @param config limits, timeouts and masking randomness
     * @param extensions the negotiated extensions in the order of the server's {@code Sec-WebSocket-Extensions}
     *     (§9.1), which is the order their encoders run in (decoders run in reverse); the engine closes them
     *     when it ends
     * @param listener where events go
     * @throws IllegalArgumentException when two extensions claim the same reserved bit (§5.2), or one claims a bit
     *     outside RSV1-RSV3
     */
    public WebSocketEngine(Role role, EngineConfig config, List<? extends Extension> extensions,
                           EngineListener listener) {
        this(role, config, extensions, listener, null);
    }

    /**
     * Creates the engine for a connection whose opening handshake has completed, holding its messages in
     * assembly within a budget shared with other connections (a server's inbound memory, RFC 6455 §10.4).
     *
     * @param role which side this engine speaks for
     * @param config limits, timeouts and masking randomness
     * @param extensions the negotiated extensions in the order of the server's {@code Sec-WebSocket-Extensions}
     *     (§9.1), which is the order their encoders run in (decoders run in reverse); the engine closes them
     *     when it ends
     * @param listener where events go
     * @param budget the shared budget, or {@code null} for none; a message that would pass it fails with 1009
     * @throws IllegalArgumentException when two extensions claim the same reserved bit (§5.2), or one claims a bit
     *     outside RSV1-RSV3
     */
    public WebSocketEngine(Role role, EngineConfig config, List<? extends Extension> extensions,
                           EngineListener listener, MessageBudget budget) {
        this(role, config, extensions, listener, budget, null);
    }

    /**
     * Creates the engine for a connection whose opening handshake has completed, reporting what becomes of the
     * messages sent with a token.
     *
     * @param role which side this engine speaks for
     * @param config limits, timeouts and masking randomness
     * @param extensions the negotiated extensions in the order of the server's {@code Sec-WebSocket-Extensions}
     *     (§9.1), which is the order their encoders run in (decoders run in reverse); the engine closes them
     *     when it ends
     * @param listener where events go
     * @param budget the shared budget, or {@code null} for none; a message that would pass it fails with 1009
     * @param sends where tokens are reported as written or dropped, or {@code null} to report none
     * @throws IllegalArgumentException when two extensions claim the same reserved bit (§5.2), or one claims a bit
     *     outside RSV1-RSV3
     */
    public WebSocketEngine(Role role, EngineConfig config, List<? extends Extension> extensions,
                           EngineListener listener, MessageBudget budget, SendListener sends) {
        this.role = Objects.requireNonNull(role, "role");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sends = sends != null ? sends : IGNORED;
        this.extensions = new ExtensionChain(extensions);
        // RFC 6455 §5.2: a reserved bit no negotiated extension claims fails the connection (1002)
        this.decoder = new FrameDecoder(role).maxPayloadLength(config.maxFramePayload())
            .allowedRsv(this.extensions.rsvBits());
        this.assembler = new MessageAssembler(new InboundEvents(this, listener), config.delivery(),
            config.maxMessageSize()).extension(this.extensions.decoder()).budget(budget);
        FrameEncoder encoder = config.maskKeys() != null ? new FrameEncoder(role, config.maskKeys())
            : new FrameEncoder(role);
        this.outbound = new Outbound(encoder, this.extensions.encoder(), listener, config.outgoingFragmentSize());
        this.deadlines = new Deadlines(config);
        this.checks = new SendChecks(outbound);
        this.closing = new CloseHandshake(role, outbound, this.sends, deadlines, deliveries, assembler,
            this.extensions, listener);
    }

    /**
     * Returns the engine's state.
     *
     * @return the current state
     */
    public EngineState state() {
        return closing.state();
    }

    /**
     * Returns the side this engine speaks for.
     *
     * @return CLIENT or SERVER
     */
    public Role role() {
        return role;
    }

    /**
     * Decodes received bytes, delivering messages to the listener and queueing owed Pongs and Closes. Bytes
     * after the peer's Close, or after a failure, are discarded (§5.5.1).
     *
     * <p>Every Ping gets its Pong, in order (§5.5.2). A peer that sends Pings faster than it reads the Pongs is
     * held back rather than answered less: once {@link #MAX_OWED_PONGS} are owed, decoding stops after the Ping
     * that reached the limit and the rest of {@code src} is left unconsumed; the caller keeps those bytes, stops
     * reading, and unwraps them again once {@link #wrap} has written Pongs and {@link #isReadyForInput()} holds.
     *
     * @param src the received bytes, all consumed unless too many Pongs are owed; masked payloads are unmasked
     *     in place
     */
    public void unwrap(ByteBuffer src) {
        if (closing.isDiscardingInput()) {
            bytesIn += src.remaining();
            src.position(src.limit());
            return;
        }
        if (!isReadyForInput()) {
            return;
        }
        int start = src.position();
        try {
            decoder.decode(src, assembler);
        } catch (ProtocolException e) {
            closing.failUnlessClosing(e);
        } catch (RuntimeException e) {
            closing.failUnlessClosing(new ProtocolException(CloseCode.INTERNAL_ERROR, "Listener failed: " + e, e));
        } catch (OutOfMemoryError | StackOverflowError e) {
            // this connection's work ran out of room: it fails (releasing what it held), the others go on
            closing.failUnlessClosing(new ProtocolException(CloseCode.INTERNAL_ERROR, "Internal error: " + e, e));
        }
        if (closing.isDiscardingInput()) {
            src.position(src.limit());
        }
        bytesIn += src.position() - start;
    }

    /**
     * Tells whether {@link #unwrap} takes input now: false while {@link #MAX_OWED_PONGS} Pongs wait to be
     * wrapped, so that a peer flooding Pings without reading cannot grow this side's memory.
     *
     * @return true when received bytes can be unwrapped
     */
    public boolean isReadyForInput() {
        return outbound.owedPongs() < MAX_OWED_PONGS;
    }

    /**
     * Makes the Close this engine owes the peer (the reply to the peer's Close, §5.5.1, or a failure's Close,
     * §7.1.7) wait until the messages received before it have been handled by the application: from this call
     * on, each message (or chunk, Ping or Pong) handed to the listener counts as undelivered until
     * {@link #onDelivered} reports it. A transport that hands events to the application later, or on another
     * thread, calls this once, so that the application's replies to those messages go out before the Close:
     * RFC 6455 §5.5.1 lets an endpoint send data until its own Close is sent.
     *
     * <p>While the Close waits, no more input is decoded (after a failure the peer's later bytes are never
     * processed), the state stays {@link EngineState#OPEN} so that data can still be sent, and the close timeout
     * bounds the wait; then the Close is queued after the data message in progress.
     */
    public void awaitDeliveryBeforeClose() {
        deliveries.start();
    }

    /**
     * Reports that messages handed to the listener have been handled, and that whatever the application sent
     * in reply has been given to {@link #send}; see {@link #awaitDeliveryBeforeClose}.
     *
     * @param count how many messages (chunks, Pings and Pongs each count as one) were handled since last reported
     */
    public void onDelivered(long count) {
        closing.onDelivered(count);
    }

    /**
     * Queues a message without a token: see {@link #send(Message, Object)}.
     *
     * @param message the message; a binary payload is read when framed, so leave it unchanged until then
     * @throws IllegalStateException when the connection is no longer open for this kind of message, or a data
     *     message comes while a message sent with {@link #sendFragment} awaits its last piece
     */
    public void send(Message message) {
        send(message, null);
    }

    /**
     * Queues a message: a data message after those queued before it (§5.4), a Ping or Pong after the Pings and
     * Pongs queued before it, ahead of data frames not yet begun (§5.5), or a Close that starts the close
     * handshake after the data queued (§7.1.2).
     *
     * @param message the message; a binary payload is read when framed, so leave it unchanged until then
     * @param token what {@link SendListener} hears of once the message is written or dropped, or {@code null};
     *     a Close's token is not reported
     * @throws IllegalStateException when the connection is no longer open for this kind of message, or a data
     *     message comes while a message sent with {@link #sendFragment} awaits its last piece
     */
    public void send(Message message, Object token) {
        switch (message) {
            // a String's UTF-8 needs no check
            case Message.Text text -> queueMessage(Opcode.TEXT,
                ByteBuffer.wrap(text.text().getBytes(StandardCharsets.UTF_8)), true, token, false);
            case Message.Binary binary -> queueMessage(Opcode.BINARY, binary.data(), true, token, false);
            case Message.Ping ping -> sendControl(Opcode.PING, ping.data(), token);
            case Message.Pong pong -> sendControl(Opcode.PONG, pong.data(), token);
            case Message.Close close -> close(close.code(), close.reason());
        }
    }

    /**
     * Queues one piece of a message sent in fragments, without a token: see
     * {@link #sendFragment(Opcode, ByteBuffer, boolean, Object)}.
     *
     * @param type TEXT or BINARY
     * @param chunk the payload piece, read when framed
     * @param last whether this piece ends the message
     * @throws IllegalArgumentException when text pieces are not UTF-8
     * @throws IllegalStateException when the connection is not open or another message is in progress
     */
    public void sendFragment(Opcode type, ByteBuffer chunk, boolean last) {
        sendFragment(type, chunk, last, null);
    }

    /**
     * Queues one piece of a message sent in fragments (§5.4), after the data queued before it; the first piece
     * fixes the type, the piece flagged {@code last} ends the message, and no other data message may be sent in
     * between. Each piece is queued at once, however many wait, and becomes at least one frame of its own; Pings
     * and Pongs may go between them. Text pieces are checked to form UTF-8 as a whole.
     *
     * @param type TEXT or BINARY
     * @param chunk the payload piece, read when framed, so leave it unchanged until then
     * @param last whether this piece ends the message
     * @param token what {@link SendListener} hears of once the piece is written or dropped, or {@code null}
     * @throws IllegalArgumentException when text pieces are not UTF-8
     * @throws IllegalStateException when the connection is not open or another message is in progress
     */
    public void sendFragment(Opcode type, ByteBuffer chunk, boolean last, Object token) {
        if (!type.isDataStart()) {
            throw new IllegalArgumentException("Fragments are TEXT or BINARY, not " + type);
        }
        checks.requireOpenFor(closing.state(), type);
        checks.requireSameStream(type);
        if (type == Opcode.TEXT) {
            checks.checkText(chunk, last);
        }
        outbound.queueData(type, chunk, last, true, token);
    }

    /**
     * Queues a whole data message without a token: see {@link #sendMessage(Opcode, ByteBuffer, boolean, Object)}.
     *
     * @param type TEXT or BINARY
     * @param payload the payload between position and limit, UTF-8 for TEXT; read when framed
     * @param transform false to send the message untransformed whatever the extension would decide
     * @throws IllegalArgumentException when the type is not TEXT or BINARY, or TEXT is not UTF-8
     * @throws IllegalStateException when the connection is no longer open for data, or a message sent with
     *     {@link #sendFragment} awaits its last piece
     */
    public void sendMessage(Opcode type, ByteBuffer payload, boolean transform) {
        sendMessage(type, payload, transform, null);
    }

    /**
     * Queues a whole data message given as its payload bytes, after the data queued before it (§5.4), transformed
     * by the negotiated extension when its first frame is about to be written, or sent as it is: an extension may
     * leave any message untransformed, its frame carrying none of the extension's reserved bits (RFC 7692 §6
     * lets any message go uncompressed, as suits a payload that is already compressed).
     *
     * @param type TEXT or BINARY
     * @param payload the payload between position and limit, UTF-8 for TEXT; read when framed, so leave it
     *     unchanged until then
     * @param transform false to send the message untransformed whatever the extension would decide
     * @param token what {@link SendListener} hears of once the message is written or dropped, or {@code null}
     * @throws IllegalArgumentException when the type is not TEXT or BINARY, or TEXT is not UTF-8
     * @throws IllegalStateException when the connection is no longer open for data, or a message sent with
     *     {@link #sendFragment} awaits its last piece
     */
    public void sendMessage(Opcode type, ByteBuffer payload, boolean transform, Object token) {
        if (!type.isDataStart()) {
            throw new IllegalArgumentException("Messages are TEXT or BINARY, not " + type);
        }
        queueMessage(type, payload, transform, token, type == Opcode.TEXT);
    }

    /** Queues a whole data message after the checks; {@code checkUtf8} for text not known to be UTF-8. */
    private void queueMessage(Opcode type, ByteBuffer payload, boolean transform, Object token, boolean checkUtf8) {
        checks.requireNoOpenStream(type);
        checks.requireOpenFor(closing.state(), type);
        if (checkUtf8) {
            checks.checkText(payload, true);
        }
        outbound.queueData(type, payload, true, transform, token);
    }

    /**
     * Returns how a message prepared for many connections is encoded on this one (see {@link #sendEncoded}):
     * {@link SharedEncoding#IDENTITY} without an extension, the extension's shared encoding when its result
     * does not depend on this connection, or {@code null} when it does, and the message goes through
     * {@link #sendMessage} to be transformed with this connection's state.
     *
     * @return the encoding, or {@code null} when messages must be transformed per connection
     */
    public SharedEncoding sharedEncoding() {
        // a chain of several has no shared form: its composed encoder leaves sharedEncoding() at null
        ExtensionEncoder encoder = extensions.encoder();
        return encoder == null ? SharedEncoding.IDENTITY : encoder.sharedEncoding();
    }

    /**
     * Queues data frames encoded beforehand, to be written verbatim: a broadcast encodes a message once per
     * {@link #sharedEncoding()} and hands the same bytes to every connection with that encoding. The bytes
     * must hold whole messages framed by a server {@link FrameEncoder} (unmasked), untransformed with no
     * reserved bits, or transformed by an encoding equal to this connection's {@link #sharedEncoding()} with
     * the bits it chose.
     *
     * @param frames the encoded frames between position and limit, read by absolute index when wrapped: its
     *     position and limit are left as they are, so one buffer may be given to many engines, on many threads,
     *     as long as no one changes it or its bytes until all have wrapped it
     * @throws IllegalStateException when the connection is not open, or a message sent with {@link #sendFragment}
     *     awaits its last piece
     * @throws IllegalArgumentException on a client, whose frames must be masked with fresh keys (§5.3)
     */
    public void sendEncoded(ByteBuffer frames) {
        sendEncoded(frames, null);
    }

    /**
     * Queues data frames encoded beforehand, after the data queued before it, as {@link #sendEncoded(ByteBuffer)}
     * does, with a token.
     *
     * @param frames the encoded frames between position and limit, read by absolute index when wrapped
     * @param token what {@link SendListener} hears of once the frames are written or dropped, or {@code null}
     * @throws IllegalStateException when the connection is not open, or a message sent with {@link #sendFragment}
     *     awaits its last piece
     * @throws IllegalArgumentException on a client, whose frames must be masked with fresh keys (§5.3)
     */
    public void sendEncoded(ByteBuffer frames, Object token) {
        if (role == Role.CLIENT) {
            throw new IllegalArgumentException("Pre-encoded frames are for servers; client frames need fresh masks");
        }
        checks.requireOpenFor(closing.state(), Opcode.BINARY);
        checks.requireNoOpenStream(Opcode.BINARY);
        outbound.queueEncoded(frames, token);
    }

    /**
     * Drops the data messages queued that have not begun to be framed, reporting their tokens to the
     * {@link SendListener} as dropped: a caller closing because its send buffer overflowed lets its Close
     * (§7.1.2) go after the message being framed rather than after everything queued. Pings and Pongs stay.
     */
    public void discardQueuedData() {
        outbound.discardQueuedData(sends);
    }

    /**
     * Tells, during a listener's {@code onBinary} or {@code onText}, whether the payload is a view of the bytes
     * given to {@link #unwrap} (a message that came in one frame, untransformed, unmasked in place) rather than
     * the engine's own buffer, which the next message reuses: a caller that keeps those bytes unchanged until it
     * has used the payload may then skip copying it.
     *
     * @return true when the message delivered now is a view of the input
     */
    public boolean isPayloadFromInput() {
        return assembler.isDeliveringInput();
    }

    /**
     * Tells whether a data message is in progress: one queued and not fully wrapped, or a message sent in
     * fragments whose last fragment has not been wrapped.
     *
     * @return true from the first piece sent until the final frame of the last message queued is wrapped
     */
    public boolean isStreamingMessage() {
        return outbound.hasData();
    }

    /**
     * Starts the close handshake (§7.1.2): queues a Close after the data messages queued. Calls after
     * the first have no effect; a call while the reply to the peer's Close waits (see
     * {@link #awaitDeliveryBeforeClose}) sends this Close as the reply.
     *
     * @param code the status code, valid on the wire, or {@code null} for an empty Close
     * @param reason at most 123 bytes of UTF-8, empty when the code is null
     * @throws IllegalArgumentException when the code or reason may not be sent
     */
    public void close(CloseCode code, String reason) {
        new Message.Close(code, reason);
        closing.close(code, reason);
    }

    /**
     * Tells whether {@link #wrap} has bytes to write.
     *
     * @return true when frames are owed or queued
     */
    public boolean hasOutput() {
        return outbound.hasOutput();
    }

    /**
     * Returns the bytes queued but not yet wrapped, for {@code bufferedAmount}.
     *
     * @return header and payload bytes still to write for queued frames
     */
    public long pendingOutputBytes() {
        return outbound.pendingBytes();
    }

    /**
     * Writes queued frames into {@code dst}, as many as fit; a frame too large for the room left is written
     * in part and resumed by the next call. Messages whose last byte went into {@code dst} are reported to the
     * {@link SendListener} as written, and those queued behind a Close written now as dropped (§5.5.1).
     *
     * @param dst where the bytes go
     * @return the number of bytes written
     */
    public int wrap(ByteBuffer dst) {
        int written = outbound.wrap(dst, Long.MAX_VALUE, sends);
        afterWrap(written);
        return written;
    }

    /**
     * Writes queued frames into {@code dst} as {@link #wrap} does, except that a large payload that goes on the
     * wire unchanged (a server's data frame without a transforming extension, or prepared frames given to
     * {@link #sendEncoded}) is not copied: wrapping stops after that frame's header and returns the payload,
     * which the caller writes right after the bytes in {@code dst}, before it wraps again (a gathering write).
     * The returned bytes count as wrapped, and their message as written; a client's payloads are always copied,
     * as masking them is.
     *
     * @param dst where the bytes go
     * @param minDetached the smallest payload worth handing over instead of copying, in bytes
     * @return the bytes to write after those in {@code dst}: a view of the buffer the message was sent in, which
     *     must stay unchanged until written; {@code null} when everything went into {@code dst}
     */
    public ByteBuffer wrapGathering(ByteBuffer dst, long minDetached) {
        int written = outbound.wrap(dst, Math.max(1, minDetached), sends);
        ByteBuffer detached = outbound.detached();
        afterWrap(written + (detached == null ? 0 : detached.remaining()));
        return detached;
    }

    private void afterWrap(long written) {
        bytesOut += written;
        closing.onWrapped();
    }

    /**
     * Tells when {@link #onTimer} must next be called, as a {@link System#nanoTime()} instant.
     *
     * @return the next deadline, or {@link Long#MAX_VALUE} when none is set
     */
    public long nextDeadline() {
        return closing.nextDeadline();
    }

    /**
     * Brings the engine's clock forward: notices activity, sends keepalive Pings, and acts on the idle, Pong
     * and close timeouts. Call it after {@link #unwrap} or {@link #wrap} and when {@link #nextDeadline()} passes.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    public void onTimer(long nowNanos) {
        deadlines.observe(nowNanos, bytesIn, bytesOut);
        closing.onTimer(nowNanos);
        if (closing.state() == EngineState.OPEN) {
            checkLiveness(nowNanos);
        }
    }

    private void checkLiveness(long nowNanos) {
        if (deadlines.isPongOverdue(nowNanos)) {
            closing.endAbnormally("No response to keepalive Ping");
        } else if (deadlines.isIdle(nowNanos)) {
            close(CloseCode.GOING_AWAY, "Idle timeout");
        } else if (deadlines.isPingDue(nowNanos)) {
            outbound.queueKeepalivePing();
            deadlines.pingSent(nowNanos);
            listener.onKeepalivePing(nowNanos);
        }
    }

    /**
     * Reports that the transport's byte stream ended (EOF, reset or I/O error). Unless the close handshake
     * already completed, the connection closes abnormally with 1006 (§7.1.5), which is never sent. Nothing more
     * is wrapped: the messages still queued are reported to the {@link SendListener} as dropped.
     */
    public void onTransportClosed() {
        outbound.end(sends);
        closing.onTransportClosed();
    }

    /**
     * Tells whether the transport should now close the TCP connection: at once on the server after the close
     * handshake (§7.1.1), after a failure, or on the client when the server has not closed within the close
     * timeout.
     *
     * @return true when the socket should be closed
     */
    public boolean isTransportCloseDue() {
        return closing.isTransportCloseDue();
    }

    void peerClosed(CloseCode code, String reason) {
        closing.peerClosed(code, reason);
    }

    void pingReceived(ByteBuffer data) {
        EngineState state = closing.state();
        if ((state == EngineState.OPEN || state == EngineState.CLOSE_SENT) && !outbound.isCloseWritten()) {
            // RFC 6455 §5.5.2: a Ping MUST be answered with a Pong carrying the same data
            outbound.owePong(data);
            if (!isReadyForInput()) {
                decoder.stopAtFrameEnd();
            }
        }
    }

    void handedOver() {
        deliveries.handedOver();
    }

    boolean isDeliveringMessages() {
        return closing.isDeliveringMessages();
    }

    /** Reports the data message about to be delivered, on a connection with an extension. */
    void messageDecoded() {
        if (extensions.decoder() != null) {
            listener.onMessageDecoded(assembler.messageWireLength(), assembler.messageLength());
        }
    }

    private void sendControl(Opcode opcode, ByteBuffer payload, Object token) {
        checks.requireControlAllowed(closing.state());
        outbound.queueControl(opcode, payload, token);
    }
}
