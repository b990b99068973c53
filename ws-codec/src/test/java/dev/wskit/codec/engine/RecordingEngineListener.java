package dev.wskit.codec.engine;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records what an engine reports, as text, and fails the test at a second {@code onClosed}. */
final class RecordingEngineListener implements EngineListener {
    private final List<String> events = new ArrayList<>();
    private int closedCount;

    RecordingEngineListener() {
    }

    @Override
    public void onText(String text) {
        events.add("text " + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary " + hex(data));
    }

    @Override
    public void onPing(ByteBuffer data) {
        events.add("ping " + hex(data));
    }

    @Override
    public void onPong(ByteBuffer data) {
        events.add("pong " + hex(data));
    }

    @Override
    public void onCloseReceived(CloseCode code, String reason) {
        events.add("close " + code + " " + reason);
    }

    @Override
    public void onError(ProtocolException failure) {
        events.add("error " + failure.closeCode() + " " + failure.getMessage());
    }

    @Override
    public void onClosed(CloseCode code, String reason, boolean wasClean) {
        closedCount++;
        if (closedCount > 1) {
            throw new AssertionError("onClosed called again: " + code + " " + reason + " " + wasClean);
        }
        events.add("closed " + code + " " + reason + " " + wasClean);
    }

    /**
     * Returns the events recorded so far.
     *
     * @return the events
     */
    List<String> events() {
        return events;
    }

    /**
     * Returns how often {@code onClosed} was called.
     *
     * @return 0 or 1
     */
    int closedCount() {
        return closedCount;
    }

    private static String hex(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
