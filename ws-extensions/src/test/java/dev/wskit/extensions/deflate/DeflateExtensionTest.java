package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameListener;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.codec.engine.EngineListener;
import dev.wskit.codec.engine.WebSocketEngine;
import dev.wskit.codec.message.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Round trips through two codec engines, client and server, over every parameter combination. */
class DeflateExtensionTest {
    private static final int[] WINDOWS = {DeflateParameters.ABSENT, 8, 11, 15};
    private static final int[] FRAGMENT_SIZES = {13, 4096, 1 << 20};
    private static final int[] STREAM_PIECES = {1, 700, 1 << 20};
    private static final Path STATUS = Path.of("/proc/self/status");

    @Test
    void everyParameterCombinationRoundTripsEveryFragmentation() {
        Random random = new Random(1);
        List<byte[]> messages = messages(random);
        int combinations = 0;
        for (int flags = 0; flags < 4; flags++) {
            for (int serverBits : WINDOWS) {
                for (int clientBits : WINDOWS) {
                    DeflateParameters agreed = new DeflateParameters((flags & 1) != 0, (flags & 2) != 0,
                        serverBits, clientBits);
                    DeflateConfig config = DeflateConfig.builder().level(combinations % 10)
                        .threshold(combinations % 2 == 0 ? 0 : 100).build();
                    int fragmentSize = FRAGMENT_SIZES[combinations % FRAGMENT_SIZES.length];
                    int piece = STREAM_PIECES[combinations % STREAM_PIECES.length];
                    roundTrip(agreed, config, fragmentSize, piece, messages);
                    combinations++;
                }
            }
        }
        assertEquals(64, combinations);
    }

    @Test
    void compressedBitIsOnFirstFramesOnlyAndNeverOnControlFrames() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build())) {
            Peer client = new Peer(Role.CLIENT, deflate, DeflateParameters.NONE, 5);
            byte[] text = "Hello, compressed and fragmented world".getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            client.engine.sendFragment(Opcode.TEXT, ByteBuffer.wrap(text, 0, 10), false);
            client.engine.send(new Message.Ping(ByteBuffer.wrap(new byte[] {1, 2})));
            wire.writeBytes(client.drain());
            client.engine.sendFragment(Opcode.TEXT, ByteBuffer.wrap(text, 10, text.length - 10), true);
            wire.writeBytes(client.drain());
            client.engine.send(new Message.Binary(ByteBuffer.wrap(text)));
            wire.writeBytes(client.drain());
            List<String> frames = frameHeaders(wire.toByteArray());
            assertEquals("TEXT rsv=4", frames.stream().filter(f -> !f.startsWith("PING")).findFirst().orElseThrow());
            assertEquals(1, frames.stream().filter("PING rsv=0"::equals).count(), frames.toString());
            assertEquals(1, frames.stream().filter("BINARY rsv=4"::equals).count(), frames.toString());
            assertEquals(frames.size() - 3, frames.stream().filter("CONTINUATION rsv=0"::equals).count(),
                frames.toString());
            client.close();
        }
    }

    @Test
    void inflatedSizeOverTheLimitFailsTheConnectionWith1009() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build())) {
            Peer client = new Peer(Role.CLIENT, deflate, DeflateParameters.NONE, 1 << 20);
            Peer server = new Peer(Role.SERVER, deflate, DeflateParameters.NONE, 1 << 20, 1000);
            client.engine.send(new Message.Binary(ByteBuffer.wrap(new byte[1001])));
            server.engine.unwrap(ByteBuffer.wrap(client.drain()));
            assertEquals(List.of("error 1009"), server.received);
            server.close();
            client.close();
        }
    }

    @Test
    void connectionsGiveTheirZlibStreamsBackWhenTheyEnd() {
        try (PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build())) {
            byte[] hello;
            try (DeflateExtension client = deflate.extension(DeflateParameters.NONE, Role.CLIENT)) {
                hello = MessageDeflaterTest.encode(client.encoder(), "Hello".getBytes(StandardCharsets.UTF_8));
            }
            for (int i = 0; i < 200_000; i++) {
                try (DeflateExtension connection = deflate.extension(DeflateParameters.NONE, Role.SERVER)) {
                    MessageDeflaterTest.encode(connection.encoder(), hello);
                    MessageInflaterTest.inflate(connection.decoder(), hello);
                }
            }
            assertEquals(1, deflate.pools().deflaters().created());
            assertEquals(1, deflate.pools().inflaters().created());
        }
    }

    @Test
    void withoutPoolsStreamsAreEndedWhenConnectionsEnd() throws IOException {
        Assumptions.assumeTrue(Files.exists(STATUS), "needs " + STATUS);
        DeflateConfig unpooled = DeflateConfig.builder().threshold(0).deflaterPoolSize(0).inflaterPoolSize(0).build();
        try (PerMessageDeflate deflate = new PerMessageDeflate(unpooled)) {
            byte[] text = MessageDeflaterTest.sampleMessages().get(5);
            long before = residentBytes();
            for (int i = 0; i < 20_000; i++) {
                try (DeflateExtension connection = deflate.extension(DeflateParameters.NONE, Role.SERVER)) {
                    MessageInflaterTest.inflate(connection.decoder(), MessageDeflaterTest.encode(connection.encoder(), text));
                }
            }
            long growth = residentBytes() - before;
            // 20,000 leaked deflate and inflate streams would hold about 5 GB
            assertTrue(growth < 256L << 20, "resident set grew by " + growth);
        }
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(STATUS)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("No VmRSS in " + STATUS);
    }

    private static void roundTrip(DeflateParameters agreed, DeflateConfig config, int fragmentSize, int piece,
                                  List<byte[]> messages) {
        String what = agreed + " level " + config.level() + " fragments " + fragmentSize + " pieces " + piece;
        try (PerMessageDeflate deflate = new PerMessageDeflate(config)) {
            Peer client = new Peer(Role.CLIENT, deflate, agreed, fragmentSize);
            Peer server = new Peer(Role.SERVER, deflate, agreed, fragmentSize);
            List<String> expected = new ArrayList<>();
            for (byte[] message : messages) {
                client.sendStreamed(message, piece, server);
                server.sendWhole(message, client);
                expected.add("binary " + HexFormat.of().formatHex(message));
            }
            assertEquals(expected, server.received, what);
            assertEquals(expected, client.received, what);
            client.close();
            server.close();
        }
    }

    private static List<byte[]> messages(Random random) {
        List<byte[]> messages = new ArrayList<>(MessageDeflaterTest.sampleMessages());
        for (int size : new int[] {0, 1, 125, 16 * 1024, 40_000}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            messages.add(noise);
        }
        return messages;
    }

    private static List<String> frameHeaders(byte[] wire) {
        List<String> headers = new ArrayList<>();
        new FrameDecoder(Role.SERVER).allowedRsv(0b100).decode(ByteBuffer.wrap(wire), new FrameListener() {
            @Override
            public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
                headers.add(opcode + " rsv=" + rsv);
            }

            @Override
            public void onPayload(ByteBuffer payload) {
                payload.position(payload.limit());
            }

            @Override
            public void onFrameEnd() {
            }
        });
        return headers;
    }

    /** One end of a connection: an engine with the extension, recording what it receives. */
    private static final class Peer implements EngineListener {
        final List<String> received = new ArrayList<>();
        final DeflateExtension extension;
        final WebSocketEngine engine;

        Peer(Role role, PerMessageDeflate deflate, DeflateParameters agreed, int fragmentSize) {
            this(role, deflate, agreed, fragmentSize, 1 << 20);
        }

        Peer(Role role, PerMessageDeflate deflate, DeflateParameters agreed, int fragmentSize, long limit) {
            extension = deflate.extension(agreed, role);
            EngineConfig config = EngineConfig.builder().outgoingFragmentSize(fragmentSize).maxMessageSize(limit)
                .build();
            engine = new WebSocketEngine(role, config, List.of(extension), this);
        }

        void sendWhole(byte[] message, Peer to) {
            engine.send(new Message.Binary(ByteBuffer.wrap(message)));
            to.engine.unwrap(ByteBuffer.wrap(drain()));
        }

        void sendStreamed(byte[] message, int smallestPiece, Peer to) {
            int piece = Math.max(smallestPiece, message.length / 100);
            int start = 0;
            do {
                int end = Math.min(message.length, start + piece);
                engine.sendFragment(Opcode.BINARY, ByteBuffer.wrap(message, start, end - start),
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
            extension.close();
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
            received.add("close " + code.code());
        }

        @Override
        public void onError(ProtocolException failure) {
            received.add("error " + failure.closeCode().code());
        }

        @Override
        public void onClosed(CloseCode code, String reason, boolean wasClean) {
        }
    }
}
