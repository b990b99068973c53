package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.CloseReason;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.MessageAssembler;

/**
 * The close handshake of one engine (RFC 6455 §7): its state, the Close owed to the peer (the reply to the
 * peer's Close, §5.5.1, or a failure's Close, §7.1.7) and when it is queued, when the connection counts as
 * closed and with which code (§7.1.5), and when the transport closes TCP (§7.1.1). The close is reported to the
 * listener once. Not thread-safe: its engine's caller serializes calls.
 */
final class CloseHandshake {
    private final Role role;
    private final Outbound outbound;
    private final SendListener sends;
    private final Deadlines deadlines;
    private final DeliveryCount deliveries;
    private final MessageAssembler assembler;
    private final ExtensionChain extensions;
    private final EngineListener listener;
    private volatile EngineState state = EngineState.OPEN;
    private boolean closeReceived;
    private CloseCode peerCode;
    private String peerReason = "";
    private ProtocolException failure;
    private boolean closedReported;
    private boolean transportCloseDue;
    private boolean closeHeld;
    private boolean closeOwedToPeer;

    CloseHandshake(Role role, Outbound outbound, SendListener sends, Deadlines deadlines, DeliveryCount deliveries,
                   MessageAssembler assembler, ExtensionChain extensions, EngineListener listener) {
        this.role = role;
        this.outbound = outbound;
        this.sends = sends;
        this.deadlines = deadlines;
        this.deliveries = deliveries;
        this.assembler = assembler;
        this.extensions = extensions;
        this.listener = listener;
    }

    EngineState state() {
        return state;
    }

    /** Tells whether received bytes are discarded: after the peer's Close, a failure, or the end (§5.5.1). */
    boolean isDiscardingInput() {
        return closeReceived || failure != null || state.isClosed();
    }

    /** Tells whether decoded messages still go to the application: not after the peer's Close or a failure. */
    boolean isDeliveringMessages() {
        return !closeReceived && failure == null;
    }

    boolean isTransportCloseDue() {
        return transportCloseDue;
    }

    /** Starts the close handshake from this side (§7.1.2), unless it has begun; a held reply becomes this Close. */
    void close(CloseCode code, String reason) {
        if (state != EngineState.OPEN) {
            return;
        }
        outbound.queueClose(code, reason, false);
        state = EngineState.CLOSE_SENT;
        closeHeld = false;
    }

    void peerClosed(CloseCode code, String reason) {
        closeReceived = true;
        peerCode = code;
        peerReason = reason;
        if (state == EngineState.OPEN && deliveries.isPending()) {
            closeHeld = true;
        } else if (state == EngineState.OPEN) {
            // RFC 6455 §5.5.1: the reply goes as soon as practical, after the message being framed; what is
            // queued behind it answers nothing the peer sent, and is dropped
            outbound.discardQueuedData(sends);
            answerClose();
        } else if (state == EngineState.CLOSE_SENT && outbound.isCloseWritten()) {
            finishClose();
        }
    }

    /** Fails the connection (§7.1.7), unless the peer's Close came first and the handshake goes on. */
    void failUnlessClosing(ProtocolException e) {
        if (!closeReceived) {
            fail(e);
        }
    }

    /** Releases a held Close once every message handed over has been delivered. */
    void onDelivered(long count) {
        deliveries.delivered(count);
        if (closeHeld && !deliveries.isPending()) {
            releaseHeldClose();
        }
    }

    /** Acts on a wrap: once the Close is written, the handshake may be complete. */
    void onWrapped() {
        if (outbound.isCloseWritten()) {
            afterCloseWritten();
        }
    }

    long nextDeadline() {
        boolean lingering = role == Role.CLIENT && state.isClosed() && !transportCloseDue;
        return deadlines.next(state == EngineState.OPEN, state == EngineState.CLOSE_SENT, lingering, isCloseOwed());
    }

    /** Acts on the close timeout: for a Close owed, for the peer's Close after ours, and for the server's FIN. */
    void onTimer(long nowNanos) {
        if (isCloseOwed()) {
            deadlines.closeOwed(nowNanos);
            if (deadlines.isCloseOwedOverdue(nowNanos)) {
                // the close timeout bounds how long a Close waits for deliveries or for the message in progress
                releaseHeldClose();
                outbound.hurryClose();
            }
        }
        if (outbound.isCloseWritten()) {
            deadlines.closeSent(nowNanos);
        }
        if (state.isClosed()) {
            deadlines.closed(nowNanos);
            transportCloseDue |= role == Role.SERVER || deadlines.isLingerOver(nowNanos);
        } else if (state == EngineState.CLOSE_SENT && deadlines.isCloseOverdue(nowNanos)) {
            endAbnormally("Close handshake timed out");
        }
    }

    void onTransportClosed() {
        if (!closedReported && closeReceived) {
            // RFC 6455 §7.1.5: the close code is the one of the first Close received, even when the stream
            // ended before our reply was written (as when the peer closes TCP right after failing us)
            endUncleanly(receivedCode(), peerReason);
        } else if (!closedReported) {
            endAbnormally("Connection closed without a Close frame");
        }
        transportCloseDue = true;
    }

    /** Ends the connection without a close handshake: 1006, never sent (§7.1.5). */
    void endAbnormally(String reason) {
        endUncleanly(CloseCode.ABNORMAL_CLOSURE, reason);
    }

    /** The connection is closed, not cleanly (§7.1.5), and the transport closes TCP now. */
    private void endUncleanly(CloseCode code, String reason) {
        state = EngineState.CLOSED;
        transportCloseDue = true;
        report(code, reason, false);
    }

    /** The code of the peer's Close as §7.1.5 reports it: 1005 for a Close without one. */
    private CloseCode receivedCode() {
        return peerCode == null ? CloseCode.NO_STATUS_RECEIVED : peerCode;
    }

    /**
     * Tells whether a Close this engine owes the peer (a reply, or a failure's) waits: held for deliveries, or
     * queued behind the data message in progress. The application's own Close waits for its data unbounded.
     */
    private boolean isCloseOwed() {
        return !state.isClosed() && (closeHeld || closeOwedToPeer && !outbound.isCloseWritten());
    }

    private void answerClose() {
        // RFC 6455 §5.5.1: reply with a Close, echoing the status code received, after the message in progress
        outbound.queueClose(peerCode, peerCode == null ? "" : peerReason, false);
        state = EngineState.CLOSE_RECEIVED;
        closeOwedToPeer = true;
    }

    private void releaseHeldClose() {
        if (!closeHeld) {
            return;
        }
        closeHeld = false;
        if (state != EngineState.OPEN) {
            return;
        }
        if (failure != null) {
            queueFailureClose();
        } else {
            answerClose();
        }
    }

    private void fail(ProtocolException e) {
        failure = e;
        // nothing more is decoded: the message that failed us is let go now, not when the close timer fires
        assembler.release();
        listener.onError(e);
        if (outbound.isCloseWritten()) {
            endUncleanly(e.closeCode(), e.getMessage());
            return;
        }
        if (state == EngineState.OPEN && deliveries.isPending()) {
            // the peer's later bytes are discarded; only replies to what was delivered may still go first
            closeHeld = true;
            return;
        }
        outbound.discardQueuedData(sends);
        queueFailureClose();
    }

    private void queueFailureClose() {
        // RFC 6455 §7.1.7: Fail the WebSocket Connection: send a Close with the code, then close
        outbound.queueClose(failure.closeCode(), CloseReason.truncate(failure.getMessage()), true);
        state = EngineState.CLOSE_SENT;
        closeOwedToPeer = true;
    }

    private void afterCloseWritten() {
        if (failure != null) {
            endUncleanly(failure.closeCode(), failure.getMessage());
        } else if (closeReceived) {
            finishClose();
        }
    }

    private void finishClose() {
        state = EngineState.CLOSED;
        transportCloseDue |= role == Role.SERVER;
        report(receivedCode(), peerReason, true);
    }

    private void report(CloseCode code, String reason, boolean wasClean) {
        if (closedReported) {
            return;
        }
        closedReported = true;
        assembler.release();
        extensions.close();
        listener.onClosed(code, reason, wasClean);
    }
}
