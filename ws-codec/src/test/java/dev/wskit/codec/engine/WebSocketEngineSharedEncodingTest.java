package dev.wskit.codec.engine;

import static dev.wskit.codec.RecordingFrameListener.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.RecordingFrameListener;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.codec.spi.SharedEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's side of broadcasts and of untransformed sends: which {@link SharedEncoding} a connection
 * reports, prepared frames given to {@link WebSocketEngine#sendEncoded}, and
 * {@link WebSocketEngine#sendMessage} with and without the extension's transformation (RFC 7692 §6 lets any
 * message go uncompressed). A stand-in extension on RSV1 reverses payloads, so a transformed message shows.
 */
class WebSocketEngineSharedEncodingTest {
    private static final int RSV1 = 0b100;

    private static WebSocketEngine engine(Role role, Extension extension) {
        return new WebSocketEngine(role, EngineConfig.defaults(), extension == null ? List.of() : List.of(extension),
            new RecordingEngineListener());
    }

    /** Drains the engine and decodes what it wrote as its peer would, RSV1 allowed. */
    private static List<String> wire(WebSocketEngine engine) {
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        engine.wrap(out);
        RecordingFrameListener frames = new RecordingFrameListener();
        Role peer = engine.role() == Role.SERVER ? Role.CLIENT : Role.SERVER;
        new FrameDecoder(peer).allowedRsv(RSV1).decode(out.flip(), frames);
        return frames.events();
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void connectionWithoutExtensionReportsTheIdentityEncoding() {
        assertSame(SharedEncoding.IDENTITY, engine(Role.SERVER, null).sharedEncoding());
        assertEquals(0, SharedEncoding.IDENTITY.startMessage(Opcode.TEXT, 1 << 20));
    }

    @Test
    void connectionReportsItsExtensionsSharedEncodingOrNoneWhenItKeepsState() {
        Reversing stateless = new Reversing(true);
        assertSame(stateless.shared, engine(Role.SERVER, stateless).sharedEncoding());
        assertNull(engine(Role.SERVER, new Reversing(false)).sharedEncoding());
    }

    @Test
    void messageSentUntransformedCarriesNoReservedBitsAndSkipsTheEncoder() {
        Reversing extension = new Reversing(false);
        WebSocketEngine engine = engine(Role.SERVER, extension);
        engine.sendMessage(Opcode.TEXT, utf8("plain"), false);
        assertEquals(List.of(header(true, 0, Opcode.TEXT, 5), "payload " + hex("plain"), "end"), wire(engine));
        engine.sendMessage(Opcode.BINARY, utf8("abc"), true);
        assertEquals(List.of(header(true, RSV1, Opcode.BINARY, 3), "payload " + hex("cba"), "end"), wire(engine));
        assertEquals(1, extension.encoded);
    }

    @Test
    void clientSendsUntransformedMessagesMaskedToo() {
        WebSocketEngine engine = engine(Role.CLIENT, new Reversing(false));
        engine.sendMessage(Opcode.TEXT, utf8("masked"), false);
        assertEquals(List.of(header(true, 0, Opcode.TEXT, 6), "payload " + hex("masked"), "end"), wire(engine));
    }

    @Test
    void messagesQueueBehindTheOneFramedAndAreRefusedDuringAStreamedOne() {
        WebSocketEngine engine = engine(Role.SERVER, null);
        engine.sendMessage(Opcode.BINARY, utf8("a"), true);
        engine.sendMessage(Opcode.TEXT, utf8("b"), false);
        engine.sendFragment(Opcode.TEXT, utf8("half"), false);
        // RFC 6455 §5.4: a whole message may not interleave with a fragmented one, queued or framed
        assertThrows(IllegalStateException.class, () -> engine.sendMessage(Opcode.TEXT, utf8("x"), false));
        assertThrows(IllegalStateException.class, () -> engine.sendEncoded(prepared("x")));
        assertEquals(List.of(header(true, 0, Opcode.BINARY, 1), "payload " + hex("a"), "end",
            header(true, 0, Opcode.TEXT, 1), "payload " + hex("b"), "end",
            header(false, 0, Opcode.TEXT, 4), "payload " + hex("half"), "end"), wire(engine));
        assertThrows(IllegalStateException.class, () -> engine.sendMessage(Opcode.TEXT, utf8("x"), false));
        assertThrows(IllegalStateException.class, () -> engine.sendEncoded(prepared("x")));
    }

    @Test
    void untransformedTextMustBeUtf8AndMessagesMustBeData() {
        WebSocketEngine engine = engine(Role.SERVER, null);
        ByteBuffer invalid = ByteBuffer.wrap(HexFormat.of().parseHex("cebae1bdb9cf83cebcceb5eda080")); // §5.6
        assertThrows(IllegalArgumentException.class, () -> engine.sendMessage(Opcode.TEXT, invalid, false));
        assertThrows(IllegalArgumentException.class, () -> engine.sendMessage(Opcode.PING, utf8(""), false));
        assertThrows(IllegalArgumentException.class, () -> engine.sendMessage(Opcode.CONTINUATION, utf8(""), false));
        engine.sendMessage(Opcode.TEXT, utf8("κόσμε"), false);
    }

    @Test
    void preparedFramesWithTheSharedEncodingsBitsGoOutVerbatim() {
        Reversing extension = new Reversing(true);
        WebSocketEngine engine = engine(Role.SERVER, extension);
        ByteBuffer frame = ByteBuffer.allocate(16);
        new FrameEncoder(Role.SERVER).encode(true, RSV1, Opcode.TEXT, utf8("cba"), frame);
        engine.sendEncoded(frame.flip());
        assertEquals(List.of(header(true, RSV1, Opcode.TEXT, 3), "payload " + hex("cba"), "end"), wire(engine));
        assertEquals(0, extension.encoded);
    }

    private static ByteBuffer prepared(String text) {
        ByteBuffer frame = ByteBuffer.allocate(16);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.TEXT, utf8(text), frame);
        return frame.flip();
    }

    /** A stand-in extension on RSV1 that reverses each message, with a shared form when stateless. */
    private static final class Reversing implements Extension, ExtensionEncoder {
        final SharedEncoding shared;
        int encoded;

        Reversing(boolean stateless) {
            this.shared = stateless ? new SharedEncoding() {
                @Override
                public int startMessage(Opcode type, long size) {
                    return RSV1;
                }

                @Override
                public void encode(ByteBuffer message, PayloadSink sink) {
                    sink.accept(reverse(message));
                }
            } : null;
        }

        static ByteBuffer reverse(ByteBuffer src) {
            byte[] bytes = new byte[src.remaining()];
            for (int i = bytes.length - 1; i >= 0; i--) {
                bytes[i] = src.get();
            }
            return ByteBuffer.wrap(bytes);
        }

        @Override
        public String name() {
            return "x-reverse";
        }

        @Override
        public int rsvBits() {
            return RSV1;
        }

        @Override
        public ExtensionDecoder decoder() {
            return new ExtensionDecoder() {
                @Override
                public void onFrameHeader(boolean firstFrame, int rsv) {
                    throw new AssertionError("nothing is received");
                }

                @Override
                public boolean isTransforming() {
                    return false;
                }

                @Override
                public void decode(ByteBuffer chunk, PayloadSink sink) {
                    throw new AssertionError("nothing is received");
                }

                @Override
                public void endMessage(PayloadSink sink) {
                    throw new AssertionError("nothing is received");
                }
            };
        }

        @Override
        public ExtensionEncoder encoder() {
            return this;
        }

        @Override
        public int startMessage(Opcode type, long sizeHint) {
            return RSV1;
        }

        @Override
        public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
            encoded++;
            sink.accept(reverse(src));
        }

        @Override
        public SharedEncoding sharedEncoding() {
            return shared;
        }

        @Override
        public void close() {
        }
    }
}
