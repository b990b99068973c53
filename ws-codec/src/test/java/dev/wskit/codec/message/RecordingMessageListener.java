package dev.wskit.codec.message;

import dev.wskit.codec.CloseCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Records messages as text. Streamed pieces are joined until the message ends or another event arrives, so
 * that records do not depend on how the input was split, yet show which bytes came before a control frame.
 */
final class RecordingMessageListener implements MessageListener {
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String pendingKind;

    RecordingMessageListener() {
    }

    @Override
    public void onText(String text) {
        note("text " + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        note("binary " + hex(data));
    }

    @Override
    public void onTextChunk(ByteBuffer utf8, boolean last) {
        chunk("textStream", utf8, last);
    }

    @Override
    public void onBinaryChunk(ByteBuffer data, boolean last) {
        chunk("binaryStream", data, last);
    }

    @Override
    public void onPing(ByteBuffer data) {
        note("ping " + hex(data));
    }

    @Override
    public void onPong(ByteBuffer data) {
        note("pong " + hex(data));
    }

    @Override
    public void onCloseReceived(CloseCode code, String reason) {
        note("close " + code + " " + reason);
    }

    /**
     * Records an event from outside the listener (an extension's), after the streamed bytes so far.
     *
     * @param event the event text
     */
    void note(String event) {
        flush(false);
        events.add(event);
    }

    /**
     * Returns the events recorded so far; streamed bytes not yet followed by another event are left out.
     *
     * @return the events
     */
    List<String> events() {
        return events;
    }

    /**
     * Returns the streamed bytes received since the last recorded event.
     *
     * @return the bytes in hex
     */
    String pendingHex() {
        return HexFormat.of().formatHex(pending.toByteArray());
    }

    private void chunk(String kind, ByteBuffer bytes, boolean last) {
        if (pendingKind != null && !pendingKind.equals(kind)) {
            throw new AssertionError(kind + " piece while a " + pendingKind + " is pending");
        }
        pendingKind = kind;
        while (bytes.hasRemaining()) {
            pending.write(bytes.get());
        }
        if (last) {
            flush(true);
        }
    }

    private void flush(boolean last) {
        if (pendingKind == null) {
            return;
        }
        if (pending.size() > 0 || last) {
            events.add(pendingKind + " " + pendingHex() + (last ? " last" : ""));
        }
        pending.reset();
        if (last) {
            pendingKind = null;
        }
    }

    private static String hex(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
