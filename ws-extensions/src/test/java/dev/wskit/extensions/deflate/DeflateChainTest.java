package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.FrameListener;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.EngineListener;
import dev.wskit.codec.engine.WebSocketEngine;
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
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** permessage-deflate in a chain with a stand-in second extension on RSV2 (RFC 6455 §9.1), engine to engine. */
class DeflateChainTest {
    private static final int XOR = 0xA5;
    private static final DeflateParameters AGREED = new DeflateParameters(false, false, DeflateParameters.ABSENT,
        DeflateParameters.ABSENT);
    private static final DeflateConfig EVERY_MESSAGE = DeflateConfig.builder().threshold(0).build();

    @Test
    void chainRoundTripsTextAndBinaryWholeAndFragmentedInEitherOrder() {
        Random random = new Random(18);
        byte[] noise = new byte[5000];
        random.nextBytes(noise);
        String text = "permessage-deflate and a stand-in, chained: ünïcödé 😀 ".repeat(40);
        try (PerMessageDeflate deflate = new PerMessageDeflate(EVERY_MESSAGE)) {
            for (boolean deflateFirst : new boolean[] {true, false}) {
                for (int fragmentSize : new int[] {13, 1 << 16}) {
                    Peer client = new Peer(Role.CLIENT, deflate, deflateFirst, fragmentSize);
                    Peer server = new Peer(Role.SERVER, deflate, deflateFirst, fragmentSize);
                    String what = (deflateFirst ? "deflate, xor" : "xor, deflate") + " in frames of " + fragmentSize;
                    for (Peer[] pair : new Peer[][] {{client, server}, {server, client}}) {
                        for (int round = 0; round < 2; round++) {
                            pair[0].sendWhole(new Message.Text(text), pair[1]);
                            pair[0].sendWhole(new Message.Binary(ByteBuffer.wrap(noise)), pair[1]);
                            pair[0].sendStreamed(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), 333, pair[1]);
                            pair[0].sendStreamed(Opcode.BINARY, noise, 1000, pair[1]);
                        }
                        String binary = "binary " + HexFormat.of().formatHex(noise);
                        List<String> once = List.of("text " + text, binary, "text " + text, binary);
                        List<String> expected = new ArrayList<>(once);
                        expected.addAll(once);
                        assertEquals(expected, pair[1].received, what);
                        pair[1].received.clear();
                    }
                    client.close();
                    server.close();
                }
            }
        }
    }

    @Test
    void theWireCarriesBothBitsAndTheTransformationsInTheResponsesOrder() throws DataFormatException {
        // RFC 6455 §9.1: for a response listing "foo, bar" the data sent is bar(foo(data))
        String text = "order of operations, order of operations, order of operations";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (PerMessageDeflate deflate = new PerMessageDeflate(EVERY_MESSAGE)) {
            XorExtension xor = new XorExtension(FrameHeader.RSV2, XOR);
            Frame deflateThenXor = onlyFrame(deflate, List.of(deflate.extension(AGREED, Role.SERVER), xor), text);
            assertEquals(FrameHeader.RSV1 | FrameHeader.RSV2, deflateThenXor.rsv());
            assertEquals(text, new String(inflate(xor.xor(deflateThenXor.payload())), StandardCharsets.UTF_8));
            Frame xorThenDeflate = onlyFrame(deflate, List.of(xor, deflate.extension(AGREED, Role.SERVER)), text);
            assertEquals(FrameHeader.RSV1 | FrameHeader.RSV2, xorThenDeflate.rsv());
            assertEquals(HexFormat.of().formatHex(utf8),
                HexFormat.of().formatHex(xor.xor(inflate(xorThenDeflate.payload()))));
        }
    }

    @Test
    void rsv2WhenOnlyDeflateWasAgreedFailsWith1002() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(EVERY_MESSAGE)) {
            Peer server = new Peer(Role.SERVER, List.of(deflate.extension(AGREED, Role.SERVER)), 1 << 16);
            FrameEncoder client = new FrameEncoder(Role.CLIENT);
            ByteBuffer frame = ByteBuffer.allocate(64);
            assertTrue(client.encode(true, FrameHeader.RSV2, Opcode.TEXT,
                ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)), frame));
            server.engine.unwrap(frame.flip());
            assertEquals(List.of("error 1002"), server.received);
            // RFC 6455 §7.1.7: the connection is failed with a Close carrying 1002
            byte[] close = server.drain();
            assertEquals("8803ea", HexFormat.of().formatHex(close, 0, 1) + HexFormat.of().formatHex(close, 2, 4));
            assertEquals(List.of("closed 1002"), server.closed);
            server.close();
        }
    }

    @Test
    void aStandInClaimingRsv1NextToDeflateIsRefused() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(EVERY_MESSAGE);
             DeflateExtension extension = deflate.extension(AGREED, Role.SERVER)) {
            List<Extension> clash = List.of(extension, new XorExtension(FrameHeader.RSV1, XOR));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), clash, new Peer(Role.SERVER,
                    List.of(), 1 << 16)));
            assertEquals("Extensions permessage-deflate and x-xor both claim RSV bits 100 (RFC 6455 §5.2: each bit "
                + "belongs to one extension)", e.getMessage());
        }
    }

    private record Frame(int rsv, byte[] payload) {
    }

    /** What a server engine with the chain writes for one text message: its single frame. */
    private static Frame onlyFrame(PerMessageDeflate deflate, List<Extension> chain, String text) {
        Peer server = new Peer(Role.SERVER, chain, 1 << 16);
        server.engine.send(new Message.Text(text));
        List<Frame> frames = new ArrayList<>();
        new FrameDecoder(Role.CLIENT).allowedRsv(FrameHeader.RSV_ALL).decode(ByteBuffer.wrap(server.drain()),
            new FrameListener() {
                private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
                private int rsv;

                @Override
                public void onHeader(boolean fin, int frameRsv, Opcode opcode, long payloadLength) {
                    rsv = frameRsv;
                    payload.reset();
                }

                @Override
                public void onPayload(ByteBuffer chunk) {
                    byte[] copy = new byte[chunk.remaining()];
                    chunk.get(copy);
                    payload.writeBytes(copy);
                }

                @Override
                public void onFrameEnd() {
                    frames.add(new Frame(rsv, payload.toByteArray()));
                }
            });
        server.close();
        assertEquals(1, frames.size());
        return frames.get(0);
    }

    /** RFC 7692 §7.2.2: append 00 00 ff ff and inflate. */
    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
            input[input.length - 2] = (byte) 0xFF;
            input[input.length - 1] = (byte) 0xFF;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[1024];
            int count;
            while ((count = inflater.inflate(buffer)) > 0) {
                out.write(buffer, 0, count);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    /** One end of a connection: an engine with a chain, recording what it receives. */
    private static final class Peer implements EngineListener {
        final List<String> received = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final WebSocketEngine engine;

        Peer(Role role, PerMessageDeflate deflate, boolean deflateFirst, int fragmentSize) {
            this(role, chain(deflate.extension(AGREED, role), new XorExtension(FrameHeader.RSV2, XOR), deflateFirst),
                fragmentSize);
        }

        Peer(Role role, List<? extends Extension> chain, int fragmentSize) {
            EngineConfig config = EngineConfig.builder().outgoingFragmentSize(fragmentSize).build();
            engine = new WebSocketEngine(role, config, chain, this);
        }

        private static List<Extension> chain(Extension deflate, Extension xor, boolean deflateFirst) {
            return deflateFirst ? List.of(deflate, xor) : List.of(xor, deflate);
        }

        void sendWhole(Message message, Peer to) {
            engine.send(message);
            to.engine.unwrap(ByteBuffer.wrap(drain()));
        }

        void sendStreamed(Opcode type, byte[] message, int piece, Peer to) {
            int start = 0;
            do {
                int end = Math.min(message.length, start + piece);
                engine.sendFragment(type, ByteBuffer.wrap(message, start, end - start),
                    end == message.length);
                to.engine.unwrap(ByteBuffer.wrap(drain()));
                start = end;
            } while (start < message.length);
        }

        byte[] drain() {
            ByteBuffer out = ByteBuffer.allocate(1 << 16);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (engine.wrap(out.clear()) > 0) {
                all.write(out.array(), 0, out.position());
            }
            return all.toByteArray();
        }

        void close() {
            engine.onTransportClosed();
        }

        @Override
        public void onText(String text) {
            received.add("text " + text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            received.add("binary " + HexFormat.of().formatHex(copy));
        }

        @Override
        public void onPing(ByteBuffer data) {
            received.add("ping");
        }

        @Override
        public void onPong(ByteBuffer data) {
            received.add("pong");
        }

        @Override
        public void onCloseReceived(CloseCode code, String reason) {
            received.add("close " + code);
        }

        @Override
        public void onError(ProtocolException failure) {
            received.add("error " + failure.closeCode());
        }

        @Override
        public void onClosed(CloseCode code, String reason, boolean wasClean) {
            closed.add("closed " + code);
        }
    }
}
