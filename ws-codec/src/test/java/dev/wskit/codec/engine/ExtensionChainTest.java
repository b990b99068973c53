package dev.wskit.codec.engine;

import static dev.wskit.codec.RecordingFrameListener.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.FixedMaskKeys;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.RecordingFrameListener;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Message;
import dev.wskit.codec.spi.Extension;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Extensions as a chain (RFC 6455 §9.1), at engine level, with stand-in extensions that map bytes. */
class ExtensionChainTest {
    private static final int XOR = 0x5A;
    private static final int ADD = 0x11;
    private static final IntUnaryOperator XOR_THEN_ADD = b -> ((b ^ XOR) + ADD) & 0xFF;
    private static final IntUnaryOperator ADD_THEN_XOR = b -> ((b + ADD) & 0xFF) ^ XOR;

    private final List<String> closed = new ArrayList<>();

    private ByteMapExtension xor() {
        return ByteMapExtension.xor("x-xor", FrameHeader.RSV2, XOR, closed);
    }

    private ByteMapExtension add() {
        return ByteMapExtension.add("x-add", FrameHeader.RSV3, ADD, closed);
    }

    @Test
    void encodersRunInTheNegotiatedOrderAndTheirBitsGoOnTheFirstFrameOnly() {
        // RFC 6455 §9.1: for a response listing "foo, bar" the data sent is bar(foo(data))
        byte[] message = "chain!".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(
                header(false, FrameHeader.RSV2 | FrameHeader.RSV3, Opcode.BINARY, 4),
                "payload " + mapped(message, 0, 4, XOR_THEN_ADD), "end",
                header(true, 0, Opcode.CONTINUATION, 2), "payload " + mapped(message, 4, 2, XOR_THEN_ADD), "end"),
            serverWire(List.of(xor(), add()), message));
        assertEquals(List.of(
                header(false, FrameHeader.RSV2 | FrameHeader.RSV3, Opcode.BINARY, 4),
                "payload " + mapped(message, 0, 4, ADD_THEN_XOR), "end",
                header(true, 0, Opcode.CONTINUATION, 2), "payload " + mapped(message, 4, 2, ADD_THEN_XOR), "end"),
            serverWire(List.of(add(), xor()), message));
    }

    @Test
    void decodersRunInTheReverseOrder() {
        byte[] message = "reverse".getBytes(StandardCharsets.US_ASCII);
        RecordingEngineListener listener = new RecordingEngineListener();
        WebSocketEngine server = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), List.of(xor(), add()),
            listener);
        server.onTimer(0);
        byte[] payload = HexFormat.of().parseHex(mapped(message, 0, message.length, XOR_THEN_ADD));
        server.unwrap(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV2 | FrameHeader.RSV3, Opcode.TEXT, payload)));
        assertEquals(List.of("text reverse"), listener.events());
    }

    @Test
    void chainRoundTripsTextAndBinaryWholeAndFragmentedInEitherOrder() {
        Random random = new Random(9);
        byte[] binary = new byte[300];
        random.nextBytes(binary);
        String text = "héllo wörld, ünïcode 😀 ".repeat(12);
        for (boolean xorFirst : new boolean[] {true, false}) {
            for (int fragmentSize : new int[] {5, 1 << 16}) {
                Peer client = new Peer(Role.CLIENT, xorFirst, fragmentSize);
                Peer server = new Peer(Role.SERVER, xorFirst, fragmentSize);
                String what = (xorFirst ? "xor, add" : "add, xor") + " in frames of " + fragmentSize;
                for (Peer[] pair : new Peer[][] {{client, server}, {server, client}}) {
                    pair[0].sendWhole(new Message.Text(text), pair[1]);
                    pair[0].sendWhole(new Message.Binary(ByteBuffer.wrap(binary)), pair[1]);
                    pair[0].sendStreamed(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), 13, pair[1]);
                    pair[0].sendStreamed(Opcode.BINARY, binary, 64, pair[1]);
                    String expectedBinary = "binary " + HexFormat.of().formatHex(binary);
                    assertEquals(List.of("text " + text, expectedBinary, "text " + text, expectedBinary),
                        pair[1].listener.events(), what);
                    pair[1].listener.events().clear();
                }
            }
        }
    }

    @Test
    void aMessageOnlySomeExtensionsTransformCarriesOnlyTheirBits() {
        List<Extension> chain = List.of(xor().only(Opcode.TEXT), add());
        byte[] message = {1, 2, 3};
        IntUnaryOperator addOnly = b -> (b + ADD) & 0xFF;
        assertEquals(List.of(header(true, FrameHeader.RSV3, Opcode.BINARY, 3),
            "payload " + mapped(message, 0, 3, addOnly), "end"), serverWire(chain, message));
        Peer client = new Peer(Role.CLIENT, List.of(xor().only(Opcode.TEXT), add()));
        Peer server = new Peer(Role.SERVER, List.of(xor().only(Opcode.TEXT), add()));
        client.sendWhole(new Message.Binary(ByteBuffer.wrap(message)), server);
        client.sendWhole(new Message.Text("both"), server);
        assertEquals(List.of("binary 010203", "text both"), server.listener.events());
    }

    @Test
    void extensionsClaimingTheSameBitAreRefusedNamingBoth() {
        ByteMapExtension other = ByteMapExtension.add("x-other", FrameHeader.RSV2, ADD, closed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), List.of(xor(), add(), other),
                new RecordingEngineListener()));
        assertEquals("Extensions x-xor and x-other both claim RSV bits 10 (RFC 6455 §5.2: each bit belongs to one "
            + "extension)", e.getMessage());
        assertEquals(List.of(), closed, "the caller still owns extensions the engine refused");
    }

    @Test
    void aReservedBitNoExtensionClaimedFailsWith1002() {
        RecordingEngineListener listener = new RecordingEngineListener();
        WebSocketEngine server = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), List.of(xor()), listener);
        server.onTimer(0);
        server.unwrap(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV1 | FrameHeader.RSV2, Opcode.TEXT, new byte[1])));
        String reason = "Reserved bits set without a negotiated extension: RSV=110";
        assertEquals(List.of("error 1002 " + reason), listener.events());
        // RFC 6455 §7.1.7: the connection is failed with a Close carrying 1002
        assertEquals(List.of(header(true, 0, Opcode.CLOSE, 2 + reason.length()),
                "payload 03ea" + HexFormat.of().formatHex(reason.getBytes(StandardCharsets.US_ASCII)), "end"),
            frameHeadersAndPayloads(wrapAll(server)));
    }

    @Test
    void eachDecoderSeesOnlyItsOwnBitsSoAContinuationRuleFailsWith1002() {
        RecordingEngineListener listener = new RecordingEngineListener();
        WebSocketEngine server = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), List.of(xor(), add()),
            listener);
        server.onTimer(0);
        server.unwrap(ByteBuffer.wrap(clientFrame(false, FrameHeader.RSV2, Opcode.TEXT, new byte[] {0x3b})));
        server.unwrap(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV3, Opcode.CONTINUATION, new byte[1])));
        assertEquals(List.of("error 1002 x-add bit set on a continuation frame"), listener.events());
    }

    @Test
    void aSizeLimitThrownAtTheEndOfTheChainStopsIt() {
        RecordingEngineListener listener = new RecordingEngineListener();
        EngineConfig config = EngineConfig.builder().maxMessageSize(10).build();
        WebSocketEngine server = new WebSocketEngine(Role.SERVER, config, List.of(xor(), add()), listener);
        server.onTimer(0);
        server.unwrap(ByteBuffer.wrap(clientFrame(true, FrameHeader.RSV2, Opcode.BINARY, new byte[30])));
        assertEquals(List.of("error 1009 Message too big: 14 > 10 bytes"), listener.events());
    }

    @Test
    void withoutExtensionsOrWithOneTheEngineUsesNoComposedStage() {
        assertNull(new ExtensionChain(List.of()).encoder());
        assertNull(new ExtensionChain(List.of()).decoder());
        ByteMapExtension only = xor();
        ExtensionChain single = new ExtensionChain(List.of(only));
        assertSame(only.encoder(), single.encoder());
        assertSame(only.decoder(), single.decoder());
        assertEquals(FrameHeader.RSV2, single.rsvBits());
        assertEquals(FrameHeader.RSV2 | FrameHeader.RSV3, new ExtensionChain(List.of(xor(), add())).rsvBits());
    }

    /** The frames a server engine with the chain writes for one binary message, in frames of 4 bytes. */
    private static List<String> serverWire(List<? extends Extension> chain, byte[] message) {
        WebSocketEngine server = new WebSocketEngine(Role.SERVER,
            EngineConfig.builder().outgoingFragmentSize(4).build(), chain, new RecordingEngineListener());
        server.send(new Message.Binary(ByteBuffer.wrap(message)));
        return frameHeadersAndPayloads(wrapAll(server));
    }

    private static List<String> frameHeadersAndPayloads(byte[] wire) {
        RecordingFrameListener frames = new RecordingFrameListener();
        new FrameDecoder(Role.CLIENT).allowedRsv(FrameHeader.RSV_ALL).decode(ByteBuffer.wrap(wire), frames);
        return frames.events();
    }

    private static byte[] wrapAll(WebSocketEngine engine) {
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (engine.wrap(out.clear()) > 0) {
            all.write(out.array(), 0, out.position());
        }
        return all.toByteArray();
    }

    private static byte[] clientFrame(boolean fin, int rsv, Opcode opcode, byte[] payload) {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT, new FixedMaskKeys(FixedMaskKeys.RFC_KEY));
        ByteBuffer dst = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + payload.length);
        assertTrue(encoder.encode(fin, rsv, opcode, ByteBuffer.wrap(payload), dst));
        return Arrays.copyOf(dst.array(), dst.position());
    }

    private static String mapped(byte[] message, int offset, int length, IntUnaryOperator operation) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) operation.applyAsInt(message[offset + i] & 0xFF);
        }
        return HexFormat.of().formatHex(out);
    }

    /** One end of a connection: an engine with a chain, recording what it receives. */
    private final class Peer {
        final RecordingEngineListener listener = new RecordingEngineListener();
        final WebSocketEngine engine;

        Peer(Role role, boolean xorFirst, int fragmentSize) {
            this(role, xorFirst ? List.of(xor(), add()) : List.of(add(), xor()), fragmentSize);
        }

        Peer(Role role, List<? extends Extension> chain) {
            this(role, chain, 1 << 16);
        }

        Peer(Role role, List<? extends Extension> chain, int fragmentSize) {
            EngineConfig config = EngineConfig.builder().outgoingFragmentSize(fragmentSize).build();
            engine = new WebSocketEngine(role, config, chain, listener);
            engine.onTimer(0);
        }

        void sendWhole(Message message, Peer to) {
            engine.send(message);
            to.engine.unwrap(ByteBuffer.wrap(wrapAll(engine)));
        }

        void sendStreamed(Opcode type, byte[] message, int piece, Peer to) {
            int start = 0;
            do {
                int end = Math.min(message.length, start + piece);
                engine.sendFragment(type, ByteBuffer.wrap(message, start, end - start),
                    end == message.length);
                to.engine.unwrap(ByteBuffer.wrap(wrapAll(engine)));
                start = end;
            } while (start < message.length);
        }
    }
}
