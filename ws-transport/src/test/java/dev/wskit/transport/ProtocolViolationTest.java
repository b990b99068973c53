package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.engine.EngineConfig;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer that breaks RFC 6455, played by a raw socket, is failed with the close code the RFC asks for (§7.1.7,
 * §7.4.1): the Close goes out, then the TCP connection ends, and the listener hears one error and one close.
 */
class ProtocolViolationTest {
    /** The server's limits in this class, small enough to pass with a few hand-made frames. */
    private static final int LIMIT = 1024;

    static Stream<Arguments> clientViolations() {
        return TransportMatrix.crossedWith(List.of(
            // RFC 6455 §5.7: the unmasked "Hello", which a client MUST NOT send (§5.1)
            violation("unmasked frame", 1002, "810548656c6c6f"),
            // RFC 3629 §3: a UTF-16 surrogate (U+D800) encoded as UTF-8 is not UTF-8
            violation("text with a surrogate", 1007, masked(0x81, "cebae1bdb9cf83cebcceb5eda080")),
            violation("text ending inside a code point", 1007, masked(0x81, "48c3")),
            violation("bad UTF-8 across fragments", 1007, masked(0x01, "ce"), masked(0x80, "ff")),
            // RFC 6455 §5.2: opcodes 0x3-0x7 and 0xB-0xF are reserved
            violation("reserved data opcode", 1002, masked(0x83, "")),
            violation("reserved control opcode", 1002, masked(0x8b, "")),
            // RFC 6455 §5.2: RSV bits MUST be 0 unless an extension defines them
            violation("RSV1 without an extension", 1002, masked(0xc1, "00")),
            // RFC 6455 §5.5.1: a Close body, if any, starts with a two-byte code
            violation("one-byte Close body", 1002, masked(0x88, "03")),
            // RFC 6455 §7.4.1: 1005 and 1006 MUST NOT be sent; codes below 1000 are unused
            violation("Close code 1005", 1002, masked(0x88, "03ed")),
            violation("Close code 999", 1002, masked(0x88, "03e7")),
            violation("Close reason not UTF-8", 1007, masked(0x88, "03e8ff")),
            // RFC 6455 §5.5: control frames MUST NOT be fragmented and carry at most 125 bytes
            violation("fragmented Ping", 1002, masked(0x09, "")),
            violation("Ping of 126 bytes", 1002, masked(0x89, "00".repeat(126))),
            // RFC 6455 §5.4: a continuation needs a message to continue, and messages don't interleave
            violation("continuation without a message", 1002, masked(0x80, "00")),
            violation("new message inside a fragmented one", 1002, masked(0x01, "61"), masked(0x81, "62")),
            // RFC 6455 §10.4: limits on frames and messages, enforced with 1009
            violation("frame over the limit", 1009, masked(0x82, "00".repeat(LIMIT + 1))),
            violation("message over the limit", 1009, masked(0x02, "00".repeat(600)), masked(0x80, "00".repeat(600)))));
    }

    static Stream<Arguments> serverViolations() {
        return TransportMatrix.crossedWith(List.of(
            // RFC 6455 §5.7: "Hello" masked with 37fa213d, which a server MUST NOT send (§5.1)
            violation("masked frame", 1002, "818537fa213d7f9f4d5158"),
            violation("text with a surrogate", 1007, unmasked(0x81, "eda080")),
            violation("reserved data opcode", 1002, unmasked(0x84, "")),
            violation("RSV2 without an extension", 1002, unmasked(0xa1, "00")),
            violation("one-byte Close body", 1002, unmasked(0x88, "03")),
            violation("fragmented Pong", 1002, unmasked(0x0a, "")),
            violation("message over the limit", 1009, unmasked(0x82, "00".repeat(LIMIT + 1)))));
    }

    private static Object[] violation(String name, int code, String... frames) {
        return new Object[] {name, code, String.join("", frames)};
    }

    private static String masked(int first, String payload) {
        return HexFormat.of().formatHex(RawPeer.encode(first, HexFormat.of().parseHex(payload), true));
    }

    private static String unmasked(int first, String payload) {
        return HexFormat.of().formatHex(RawPeer.encode(first, HexFormat.of().parseHex(payload), false));
    }

    private static EngineConfig limits() {
        return EngineConfig.builder().maxFramePayload(LIMIT).maxMessageSize(LIMIT).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clientViolations")
    void serverFailsAClientThatBreaksTheProtocol(Harness peers, String name, int code, String wire) throws Exception {
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config.connection(c -> c.engine(limits()))
            .endpoint("/echo", () -> echo));
        try (RawPeer raw = peers.rawClient(server.port(), "/echo")) {
            raw.writeHex(wire);
            RawPeer.Frame close = raw.readClose();
            assertEquals(code, close.closeCode(), close::closeReason);
            assertFalse(close.masked(), "server frames are never masked");
            // RFC 6455 §7.1.7: after the Close, the failing endpoint closes the connection
            assertTrue(raw.awaitsEnd(), "server kept the connection of a failed peer");
        }
        List<String> events = echo.untilClose();
        assertEquals(List.of("open", "error ProtocolException"), events.subList(0, 2));
        assertTrue(events.get(2).startsWith("close " + code + " "), events::toString);
        assertTrue(events.get(2).endsWith(" clean=false"), events::toString);
        echo.assertQuietAfterClose();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverViolations")
    void clientFailsAServerThatBreaksTheProtocol(Harness peers, String name, int code, String wire) throws Exception {
        RawServer rawServer = peers.rawServer();
        RecordingListener client = new RecordingListener();
        CompletableFuture<WebSocket> connecting = peers.connectAsync(rawServer.port(), "/", client,
            config -> config.connection(c -> c.engine(limits())));
        try (RawPeer server = rawServer.accept()) {
            connecting.get(60, TimeUnit.SECONDS);
            server.writeHex(wire);
            RawPeer.Frame close = server.readClose();
            assertEquals(code, close.closeCode(), close::closeReason);
            assertTrue(close.masked(), "client frames are always masked");
            assertTrue(server.awaitsEnd(), "client kept the connection of a failed server");
        }
        List<String> events = client.untilClose();
        assertEquals(List.of("open", "error ProtocolException"), events.subList(0, 2));
        assertTrue(events.get(2).startsWith("close " + code + " "), events::toString);
        client.assertQuietAfterClose();
    }

    /** Keeps the hex helpers honest: the masked example of RFC 6455 §5.7 comes out byte for byte. */
    @Test
    void maskedHelloMatchesTheRfcExample() {
        assertEquals("818537fa213d7f9f4d5158", masked(0x81, "48656c6c6f"));
    }
}
