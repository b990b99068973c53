package dev.wskit.extensions.deflate;

import static dev.wskit.extensions.deflate.Wire.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.SharedEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate's shared encoding: a server without context takeover (RFC 7692 §7.1.1.1) compresses each
 * message from an empty window, so any of its connections with the same window (§7.1.2.1), level and threshold
 * would send the same bytes, and a broadcast compresses once for all of them.
 */
class SharedDeflateTest {
    private static final DeflateParameters SERVER_RESETS = new DeflateParameters(true, false, 0, 0);
    private final PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.defaults());

    @AfterEach
    void closeDeflate() {
        deflate.close();
    }

    private SharedEncoding shared(DeflateParameters agreed) {
        return deflate.extension(agreed, Role.SERVER).encoder().sharedEncoding();
    }

    private static DeflateParameters resetsWithWindow(int bits) {
        return new DeflateParameters(true, false, bits, DeflateParameters.ABSENT);
    }

    private static byte[] encode(SharedEncoding encoding, byte[] message) {
        Wire.Collector out = new Wire.Collector();
        encoding.encode(ByteBuffer.wrap(message), out);
        return out.bytes();
    }

    @Test
    void serverThatResetsItsWindowHasASharedEncodingAndOneThatKeepsItHasNone() {
        assertNotNull(shared(SERVER_RESETS));
        // RFC 7692 §7.1.1.1: without server_no_context_takeover a message may refer back to earlier ones
        assertNull(shared(DeflateParameters.NONE));
        assertNull(shared(new DeflateParameters(false, true, 0, 0)));
        // a server configured to reset its own window resets it whatever the client asked (§7.1.1.1)
        PerMessageDeflate lean = new PerMessageDeflate(DeflateConfig.lowMemory());
        try {
            assertNotNull(lean.extension(DeflateParameters.NONE, Role.SERVER).encoder().sharedEncoding());
        } finally {
            lean.close();
        }
    }

    @Test
    void connectionsWithTheSameWindowAndSettingsShareAnEncoding() {
        assertEquals(shared(SERVER_RESETS), shared(SERVER_RESETS));
        assertEquals(shared(SERVER_RESETS), shared(resetsWithWindow(15)));
        assertEquals(shared(resetsWithWindow(10)), shared(resetsWithWindow(10)));
        assertNotEquals(shared(resetsWithWindow(10)), shared(resetsWithWindow(11)));
        PerMessageDeflate other = new PerMessageDeflate(DeflateConfig.builder().level(1).build());
        try {
            // another level (another PerMessageDeflate's pools) makes other bytes
            assertNotEquals(shared(SERVER_RESETS),
                other.extension(SERVER_RESETS, Role.SERVER).encoder().sharedEncoding());
        } finally {
            other.close();
        }
    }

    @Test
    void sharedCompressionIsWhatEachConnectionWouldSendAndInflatesBack() {
        for (int bits : new int[] {8, 11, 15}) {
            ExtensionEncoder connection = deflate.extension(resetsWithWindow(bits), Role.SERVER).encoder();
            SharedEncoding shared = connection.sharedEncoding();
            for (byte[] message : MessageDeflaterTest.sampleMessages()) {
                String what = message.length + " B, window " + bits;
                assertEquals(connection.startMessage(Opcode.TEXT, message.length),
                    shared.startMessage(Opcode.TEXT, message.length), what);
                byte[] once = encode(shared, message);
                assertEquals(hex(MessageDeflaterTest.encode(connection, message)), hex(once), what);
                assertArrayEquals(message, MessageDeflaterTest.inflateJdk(once), what);
            }
        }
    }

    @Test
    void messagesBelowTheThresholdStayUncompressedAsOnTheConnection() {
        SharedEncoding shared = shared(SERVER_RESETS);
        // RFC 7692 §6: a message may go uncompressed; the default threshold is 64 bytes
        assertEquals(0, shared.startMessage(Opcode.BINARY, DeflateConfig.DEFAULT_THRESHOLD - 1));
        assertEquals(0b100, shared.startMessage(Opcode.BINARY, DeflateConfig.DEFAULT_THRESHOLD));
    }

    @Test
    void compressesFromManyThreadsAtOnceAndGivesItsStreamsBack() throws Exception {
        SharedEncoding shared = shared(resetsWithWindow(9));
        byte[] message = MessageDeflaterTest.sampleMessages().get(6);
        String expected = hex(encode(shared, message));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(threads.submit(() -> hex(encode(shared, message))));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(deflate.pools().deflaters().created(), deflate.pools().deflaters().idle());
    }

    @Test
    void emptyMessageIsASingleZeroByte() {
        assertEquals("00", hex(encode(shared(SERVER_RESETS), "".getBytes(StandardCharsets.UTF_8)))); // §7.2.3.6
    }
}
