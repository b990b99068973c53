package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.message.MessageListener;
import java.nio.ByteBuffer;

/**
 * Sits between the assembler and the application's listener: lets the engine act on Pings and Closes, counts
 * the messages handed over (for a Close that waits for their delivery), and drops what arrives after the
 * peer's Close or a failure (RFC 6455 §5.5.1).
 */
final class InboundEvents implements MessageListener {
    private final WebSocketEngine engine;
    private final EngineListener listener;

    InboundEvents(WebSocketEngine engine, EngineListener listener) {
        this.engine = engine;
        this.listener = listener;
    }

    @Override
    public void onText(String text) {
        if (engine.isDeliveringMessages()) {
            engine.handedOver();
            engine.messageDecoded();
            listener.onText(text);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        if (engine.isDeliveringMessages()) {
            engine.handedOver();
            engine.messageDecoded();
            listener.onBinary(data);
        }
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        if (engine.isDeliveringMessages()) {
            engine.handedOver();
            if (last) {
                engine.messageDecoded();
            }
            listener.onTextChunk(utf8, last);
        }
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        if (engine.isDeliveringMessages()) {
            engine.handedOver();
            if (last) {
                engine.messageDecoded();
            }
            listener.onBinaryChunk(data, last);
        }
    }

    @Override
    public void onPing(ByteBuffer data) {
        if (engine.isDeliveringMessages()) {
            engine.pingReceived(data);
            engine.handedOver();
            listener.onPing(data);
        }
    }

    @Override
    public void onPong(ByteBuffer data) {
        if (engine.isDeliveringMessages()) {
            engine.handedOver();
            listener.onPong(data);
        }
    }

    @Override
    public void onCloseReceived(CloseCode code, String reason) {
        if (engine.isDeliveringMessages()) {
            listener.onCloseReceived(code, reason);
            engine.peerClosed(code, reason);
        }
    }
}
