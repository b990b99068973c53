package dev.wskit.transport.internal;

import dev.wskit.codec.engine.EngineState;
import dev.wskit.codec.engine.WebSocketEngine;
import java.nio.ByteBuffer;

/**
 * What stands between a connection's input and its engine. Received bytes the engine cannot take yet, while it
 * owes too many Pongs (RFC 6455 §5.5.2, every Ping answered), wait here and reading pauses until it takes them.
 * Messages the listener has handled are reported to the engine as they are: the sends the application queued
 * meanwhile are in the engine already, so a Close the engine holds back (§5.5.1) goes after those replies.
 * Guarded by the connection's lock, except {@link #isHolding}, which any thread reads.
 */
final class InboundGate {
    private ByteBuffer held;
    private volatile boolean holding;

    /** Hands received bytes to the engine, keeping what it cannot take yet; all of {@code data} is consumed. */
    void feed(WebSocketEngine engine, ByteBuffer data) {
        if (held != null) {
            // a read that was under way when reading paused: it goes behind the bytes already held
            held = ByteBuffer.allocate(held.remaining() + data.remaining()).put(held).put(data).flip();
            return;
        }
        engine.unwrap(data);
        if (data.hasRemaining()) {
            held = Event.copy(data);
            data.position(data.limit());
            holding = true;
        }
    }

    /** Gives the engine the bytes it could not take before, as far as it takes them now. */
    void retry(WebSocketEngine engine) {
        if (held == null || !engine.isReadyForInput()) {
            return;
        }
        engine.unwrap(held);
        if (!held.hasRemaining()) {
            held = null;
            holding = false;
        }
    }

    /** Tells whether received bytes wait for the engine, so that reading must pause. */
    boolean isHolding() {
        return holding;
    }

    /**
     * Reports to the engine that the listener has handled one more message, after the replies it queued.
     *
     * @return true when that released a Close the engine was holding back
     */
    boolean messageHandled(WebSocketEngine engine) {
        EngineState before = engine.state();
        engine.onDelivered(1);
        return engine.state() != before;
    }
}
