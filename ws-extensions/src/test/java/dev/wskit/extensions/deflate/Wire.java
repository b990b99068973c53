package dev.wskit.extensions.deflate;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Delivery;
import dev.wskit.codec.message.MessageAssembler;
import dev.wskit.codec.message.MessageListener;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: hex, every split of an input, a collecting sink, and the codec's receive path. */
final class Wire {
    private static final int PAIR_LIMIT = 40;

    private Wire() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Every cut of the input at one point, at two points for short inputs, and one byte at a time. */
    static List<List<ByteBuffer>> splits(byte[] input) {
        List<int[]> cutSets = new ArrayList<>();
        cutSets.add(new int[0]);
        for (int i = 1; i < input.length; i++) {
            cutSets.add(new int[] {i});
            for (int j = i + 1; input.length <= PAIR_LIMIT && j < input.length; j++) {
                cutSets.add(new int[] {i, j});
            }
        }
        int[] everyByte = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        cutSets.add(everyByte);
        List<List<ByteBuffer>> result = new ArrayList<>();
        for (int[] cuts : cutSets) {
            result.add(cut(input, cuts, false));
            result.add(cut(input, cuts, true));
        }
        return result;
    }

    private static List<ByteBuffer> cut(byte[] input, int[] cuts, boolean direct) {
        List<ByteBuffer> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : input.length;
            ByteBuffer piece = direct ? ByteBuffer.allocateDirect(end - start) : ByteBuffer.allocate(end - start);
            piece.put(input, start, end - start).flip();
            pieces.add(piece);
            start = end;
        }
        return pieces;
    }

    /** A sink that keeps everything it is given. */
    static final class Collector implements PayloadSink {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int chunks;

        @Override
        public void accept(ByteBuffer chunk) {
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            bytes.writeBytes(copy);
            chunks++;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        int chunks() {
            return chunks;
        }

        byte[] take() {
            byte[] taken = bytes.toByteArray();
            bytes.reset();
            return taken;
        }
    }

    /** Server frames (unmasked) through the codec's decoder and assembler into recorded events. */
    static final class Receiver implements MessageListener {
        private final List<String> events = new ArrayList<>();
        private final FrameDecoder decoder = new FrameDecoder(Role.CLIENT).allowedRsv(0b100);
        private final MessageAssembler assembler;

        Receiver(ExtensionDecoder extension, long maxMessageSize) {
            assembler = new MessageAssembler(this, Delivery.WHOLE, maxMessageSize).extension(extension);
        }

        void receive(ByteBuffer bytes) {
            decoder.decode(bytes, assembler);
        }

        List<String> events() {
            return events;
        }

        @Override
        public void onText(String text) {
            events.add("text " + text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            events.add("binary " + hex(copy));
        }

        @Override
        public void onPing(ByteBuffer data) {
            events.add("ping " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void onPong(ByteBuffer data) {
            events.add("pong " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void onCloseReceived(CloseCode code, String reason) {
            // RFC 6455 §7.1.5: a Close without a body is reported as 1005
            events.add("close " + (code == null ? 1005 : code.code()) + " " + reason);
        }
    }
}
