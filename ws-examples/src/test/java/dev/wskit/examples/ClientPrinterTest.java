package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClientPrinterTest {
    private static final long SECOND = 1_000_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();
    private final ReplyWait linger = ReplyWait.untilQuiet(Duration.ofMillis(2500), Duration.ofSeconds(10));

    private ClientPrinter printer(boolean raw, boolean showPingPong) {
        return new ClientPrinter(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), raw, showPingPong, linger, now::get);
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepalivePongsDoNotExtendTheLinger() {
        ClientPrinter printer = printer(false, false);
        printer.inputEnded();
        for (long t = 1; t <= 9; t++) {
            now.set(t * SECOND);
            printer.onPong(null, ByteBuffer.allocate(0));
        }
        assertEquals(0, linger.nanosLeft(2500 * SECOND / 1000), "the linger stays 2.5 s with a Pong every second");
        assertEquals("", printed());
    }

    @Test
    void thePongToTheUsersPingIsAReplyAndIsPrinted() {
        ClientPrinter printer = printer(false, false);
        printer.pingSent();
        printer.inputEnded();
        now.set(2 * SECOND);
        printer.onPong(null, utf8("are you there"));
        assertEquals(2 * SECOND, linger.nanosLeft(2500 * SECOND / 1000));
        assertEquals("< pong: are you there\n", printed());
    }

    @Test
    void pingsAndKeepalivePongsArePrintedWithShowPingPong() {
        ClientPrinter printer = printer(false, true);
        printer.onPing(null, utf8("hb"));
        printer.onPong(null, ByteBuffer.allocate(0));
        assertEquals("< ping: hb\n< pong: \n", printed());
    }

    @Test
    void messagesArePrintedWithTheirType() {
        ClientPrinter printer = printer(false, false);
        printer.onText(null, "hello");
        printer.onBinary(null, ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}));
        printer.onClose(null, 1001, "going away", true);
        assertEquals("< text: hello\n< binary (3 bytes): 0001ff\n< close 1001 going away (clean)\n", printed());
    }

    @Test
    void rawModePrintsOnlyPayloadsOnOutAndTheRestOnErr() {
        ClientPrinter printer = printer(true, true);
        printer.onText(null, "{\"a\":1}");
        printer.onBinary(null, ByteBuffer.wrap(new byte[] {0, (byte) 0xff}));
        printer.onPing(null, utf8("hb"));
        printer.onClose(null, 1000, "", true);
        assertEquals("{\"a\":1}\nAP8=\n", printed());
        assertEquals("< ping: hb\n< close 1000 (clean)\n", err.toString(StandardCharsets.UTF_8));
    }
}
