package dev.wskit.codec.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The checks on what the application sends: UTF-8 across text pieces, one streamed message at a time, state. */
class SendChecksTest {
    private final Outbound outbound = new Outbound(new FrameEncoder(Role.SERVER), null,
        new RecordingEngineListener(), 4096);
    private final SendChecks checks = new SendChecks(outbound);

    @Test
    void aCodePointSplitAcrossTextPiecesIsAccepted() {
        byte[] euro = {(byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        checks.checkText(ByteBuffer.wrap(euro, 0, 1), false);
        assertDoesNotThrow(() -> checks.checkText(ByteBuffer.wrap(euro, 1, 2), true));
    }

    @Test
    void textEndingInsideACodePointIsRefused() {
        assertThrows(IllegalArgumentException.class,
            () -> checks.checkText(ByteBuffer.wrap(new byte[] {(byte) 0xE2, (byte) 0x82}), true));
    }

    @Test
    void aRefusedTextIsForgottenSoTheNextMessageStartsAfresh() {
        assertThrows(IllegalArgumentException.class,
            () -> checks.checkText(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), false));
        assertDoesNotThrow(() -> checks.checkText(ByteBuffer.wrap(new byte[] {'o', 'k'}), true));
    }

    @Test
    void aWholeMessageIsRefusedWhileAnotherIsStreamed() {
        outbound.queueData(Opcode.BINARY, ByteBuffer.allocate(1), false, true, null);
        assertThrows(IllegalStateException.class, () -> checks.requireNoOpenStream(Opcode.TEXT));
        assertThrows(IllegalStateException.class, () -> checks.requireSameStream(Opcode.TEXT));
        assertDoesNotThrow(() -> checks.requireSameStream(Opcode.BINARY));
    }

    @Test
    void dataIsRefusedOnceTheCloseHandshakeHasBegun() {
        assertDoesNotThrow(() -> checks.requireOpenFor(EngineState.OPEN, Opcode.TEXT));
        assertThrows(IllegalStateException.class, () -> checks.requireOpenFor(EngineState.CLOSE_SENT, Opcode.TEXT));
    }

    @Test
    void controlFramesAreRefusedOnceACloseIsQueued() {
        assertDoesNotThrow(() -> checks.requireControlAllowed(EngineState.OPEN));
        outbound.queueClose(null, "", false);
        assertThrows(IllegalStateException.class, () -> checks.requireControlAllowed(EngineState.OPEN));
    }
}
