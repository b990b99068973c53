package dev.wskit.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.message.Message;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's queue of outgoing messages: data messages, prepared frames and fragments accepted however many
 * wait and framed in order (RFC 6455 §5.4), Pings and Pongs between their frames (§5.5), a Close after the data
 * queued before it and nothing after it (§5.5.1), and each message's token reported once its last byte is
 * wrapped, or as dropped when it never will be.
 */
class WebSocketEngineSendQueueTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /** A server engine whose output is kept as bytes, and whose tokens are recorded as "written X"/"dropped X". */
    private static final class Server implements SendListener {
        final List<String> tokens = new ArrayList<>();
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        final WebSocketEngine engine;
        long now;

        Server(int fragmentSize) {
            EngineConfig config = EngineConfig.builder().outgoingFragmentSize(fragmentSize)
                .closeTimeout(CLOSE_TIMEOUT).build();
            engine = new WebSocketEngine(Role.SERVER, config, List.of(), new RecordingEngineListener(), null, this);
            engine.onTimer(now);
        }

        Server() {
            this(1 << 16);
        }

        @Override
        public void onWritten(Object token) {
            tokens.add("written " + token);
        }

        @Override
        public void onDropped(Object token) {
            tokens.add("dropped " + token);
        }

        /** Wraps once into a buffer of the given size. */
        void wrapOnce(int size) {
            ByteBuffer dst = ByteBuffer.allocate(size);
            engine.wrap(dst);
            wire.write(dst.array(), 0, dst.position());
            engine.onTimer(now);
        }

        /** Wraps everything through buffers of the given size, and returns the frames written since last asked. */
        List<String> flush(int size) {
            while (engine.hasOutput()) {
                wrapOnce(size);
            }
            return frames();
        }

        List<String> flush() {
            return flush(1 << 16);
        }

        List<String> frames() {
            List<String> frames = describe(ByteBuffer.wrap(wire.toByteArray()));
            wire.reset();
            return frames;
        }

        void receive(Opcode opcode, String payload, boolean masked) {
            FrameEncoder client = masked ? new FrameEncoder(Role.CLIENT) : new FrameEncoder(Role.SERVER);
            ByteBuffer frame = ByteBuffer.allocate(256);
            client.encode(true, 0, opcode, utf8(payload), frame);
            engine.unwrap(frame.flip());
            engine.onTimer(now);
        }

        List<String> takeTokens() {
            List<String> taken = List.copyOf(tokens);
            tokens.clear();
            return taken;
        }
    }

    /** Describes unmasked frames: "TEXT abc", "CONTINUATION- de" (a dash when not final), "PING 01". */
    private static List<String> describe(ByteBuffer frames) {
        List<String> described = new ArrayList<>();
        while (frames.hasRemaining()) {
            int first = frames.get() & 0xff;
            int length = frames.get() & 0b0111_1111;
            if (length == 126) {
                length = frames.getShort() & 0xffff;
            }
            byte[] payload = new byte[length];
            frames.get(payload);
            Opcode opcode = Opcode.lookup(first & 0b1111);
            String fin = (first & 0b1000_0000) != 0 ? "" : "-";
            String body = opcode == Opcode.TEXT || opcode == Opcode.CONTINUATION
                ? new String(payload, StandardCharsets.UTF_8) : HexFormat.of().formatHex(payload);
            described.add(opcode + fin + " " + body);
        }
        return described;
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer prepared(String text) {
        ByteBuffer frame = ByteBuffer.allocate(64);
        new FrameEncoder(Role.SERVER).encode(true, 0, Opcode.TEXT, utf8(text), frame);
        return frame.flip();
    }

    @Test
    void messagesOfEveryKindQueueWhileOneIsFramedAndGoOutInOrder() {
        Server server = new Server();
        server.engine.sendMessage(Opcode.TEXT, utf8("one"), true, "A");
        server.engine.sendEncoded(prepared("two"), "B");
        server.engine.send(new Message.Binary(ByteBuffer.wrap(new byte[] {3})), "C");
        server.engine.sendFragment(Opcode.TEXT, utf8("fo"), false, "D");
        server.engine.sendFragment(Opcode.TEXT, utf8("ur"), true, "E");
        assertTrue(server.engine.isStreamingMessage());
        assertEquals(List.of(), server.tokens, "reported before anything was wrapped");

        assertEquals(List.of("TEXT one", "TEXT two", "BINARY 03", "TEXT- fo", "CONTINUATION ur"), server.flush());
        assertEquals(List.of("written A", "written B", "written C", "written D", "written E"), server.takeTokens());
        assertFalse(server.engine.isStreamingMessage());
    }

    @Test
    void tokenIsReportedOnceTheMessagesLastByteIsWrittenIntoASmallBuffer() {
        Server server = new Server();
        server.engine.sendMessage(Opcode.TEXT, utf8("hello"), true, "A");
        server.engine.sendEncoded(prepared("hi"), "B");
        server.wrapOnce(3);
        server.wrapOnce(3);
        assertEquals(List.of(), server.tokens, "reported with a byte of its frame still to write");
        server.wrapOnce(3);
        assertEquals(List.of("written A"), server.takeTokens(), "7 bytes of A, 2 of B's 4");
        server.wrapOnce(1);
        assertEquals(List.of(), server.tokens, "prepared frames reported with a byte still to copy");
        server.wrapOnce(3);
        assertEquals(List.of("written B"), server.takeTokens());
        assertEquals(List.of("TEXT hello", "TEXT hi"), server.frames());
    }

    @Test
    void detachedPayloadCountsAsWrittenWhenHandedOver() {
        Server server = new Server();
        byte[] large = new byte[2000];
        server.engine.sendMessage(Opcode.BINARY, ByteBuffer.wrap(large), true, "A");
        server.engine.sendEncoded(prepared("after"), "B");
        ByteBuffer dst = ByteBuffer.allocate(1 << 16);
        ByteBuffer detached = server.engine.wrapGathering(dst, 1024);
        assertNotNull(detached);
        assertEquals(2000, detached.remaining());
        assertEquals(List.of("written A"), server.takeTokens());
        server.engine.wrapGathering(dst.clear(), 1024);
        assertEquals(List.of("written B"), server.takeTokens());
    }

    @Test
    void pingsAndPongsGoBetweenTheFramesOfTheMessageInProgressOwedPongsFirst() {
        Server server = new Server(2);
        server.engine.sendMessage(Opcode.TEXT, utf8("abcdef"), true, "A");
        server.engine.sendMessage(Opcode.TEXT, utf8("gh"), true, "B");
        server.wrapOnce(4);
        server.engine.send(new Message.Ping(ByteBuffer.wrap(new byte[] {1})), "P");
        server.engine.send(new Message.Pong(ByteBuffer.wrap(new byte[] {2})), "Q");
        server.receive(Opcode.PING, "x", true);

        assertEquals(List.of("TEXT- ab", "PONG 78", "PING 01", "PONG 02", "CONTINUATION- cd", "CONTINUATION ef",
            "TEXT gh"), server.flush());
        assertEquals(List.of("written P", "written Q", "written A", "written B"), server.takeTokens());
    }

    @Test
    void closeGoesAfterTheDataQueuedBeforeItAndNothingAfterIt() {
        Server server = new Server(3);
        server.engine.sendMessage(Opcode.TEXT, utf8("abcdef"), true, "A");
        server.engine.sendFragment(Opcode.BINARY, ByteBuffer.wrap(new byte[] {9}), false, "B");
        server.engine.close(CloseCode.NORMAL_CLOSURE, "");
        assertThrows(IllegalStateException.class, () -> server.engine.send(new Message.Text("late"), "C"));
        assertThrows(IllegalStateException.class, () -> server.engine.send(new Message.Ping(utf8("")), "D"));

        // the streamed message's pieces still to come are not waited for
        assertEquals(List.of("TEXT- abc", "CONTINUATION def", "BINARY- 09", "CLOSE 03e8"), server.flush());
        assertEquals(List.of("written A", "written B"), server.takeTokens());
    }

    @Test
    void peersCloseIsAnsweredAtOnceAndTheDataNotBegunIsDropped() {
        Server server = new Server();
        server.engine.sendMessage(Opcode.TEXT, utf8("one"), true, "A");
        server.engine.sendMessage(Opcode.TEXT, utf8("two"), true, "B");
        server.receive(Opcode.CLOSE, "", true);
        // RFC 6455 §5.5.1: the reply goes as soon as practical; nothing queued answers what the peer sent
        assertEquals(List.of("CLOSE "), server.flush());
        assertEquals(List.of("dropped A", "dropped B"), server.takeTokens());
        assertEquals(EngineState.CLOSED, server.engine.state());
    }

    @Test
    void failuresCloseHurriedByTheCloseTimeoutDropsTheMessagesNotWritten() {
        Server server = new Server(2);
        server.engine.sendMessage(Opcode.TEXT, utf8("abcdef"), true, "A");
        server.engine.sendMessage(Opcode.TEXT, utf8("gh"), true, "B");
        server.engine.send(new Message.Ping(utf8("")), "P");
        server.wrapOnce(4);
        // RFC 6455 §5.1: a client's frame must be masked, so this one fails the connection with 1002
        server.receive(Opcode.TEXT, "unmasked", false);
        server.now += CLOSE_TIMEOUT.toNanos() + 1;
        server.engine.onTimer(server.now);

        List<String> frames = server.flush();
        assertEquals(List.of("PING ", "TEXT- ab"), frames.subList(0, 2));
        assertEquals(3, frames.size(), frames::toString);
        assertTrue(frames.get(2).startsWith("CLOSE 03ea"), frames.get(2));
        // B, not begun, is dropped by the failure at once; A, begun, by the Close the timeout hurried
        assertEquals(List.of("written P", "dropped B", "dropped A"), server.takeTokens());
        assertFalse(server.engine.hasOutput());
    }

    @Test
    void transportClosedDropsEverythingQueuedAndWritesNothingMore() {
        Server server = new Server(2);
        server.engine.sendMessage(Opcode.TEXT, utf8("abcd"), true, "A");
        server.engine.sendEncoded(prepared("two"), "B");
        server.wrapOnce(3);
        server.engine.send(new Message.Pong(utf8("")), "P");
        server.engine.close(CloseCode.NORMAL_CLOSURE, "");

        server.engine.onTransportClosed();

        assertEquals(List.of("dropped P", "dropped A", "dropped B"), server.takeTokens());
        assertFalse(server.engine.hasOutput());
        server.wrapOnce(64);
        assertEquals(List.of(), server.tokens);
        assertEquals(0, server.engine.pendingOutputBytes());
    }

    @Test
    void discardingQueuedDataKeepsTheMessageInProgressAndThePings() {
        Server server = new Server(2);
        server.engine.sendMessage(Opcode.TEXT, utf8("abcd"), true, "A");
        server.engine.sendMessage(Opcode.TEXT, utf8("ef"), true, "B");
        server.engine.sendEncoded(prepared("gh"), "C");
        server.engine.send(new Message.Ping(utf8("")), "P");
        server.wrapOnce(4);
        assertEquals(List.of("written P"), server.takeTokens());

        server.engine.discardQueuedData();
        assertEquals(List.of("dropped B", "dropped C"), server.takeTokens());
        server.engine.close(CloseCode.NORMAL_CLOSURE, "");
        assertEquals(List.of("PING ", "TEXT- ab", "CONTINUATION cd", "CLOSE 03e8"), server.flush());
        assertEquals(List.of("written A"), server.takeTokens());
    }

    @Test
    void pendingBytesCountEveryQueuedPayloadUntilWritten() {
        Server server = new Server();
        server.engine.sendMessage(Opcode.TEXT, utf8("abc"), true, "A");
        server.engine.sendEncoded(prepared("de"), "B");
        server.engine.send(new Message.Ping(utf8("f")), "P");
        assertEquals(3 + 4 + 1, server.engine.pendingOutputBytes());
        server.flush();
        assertEquals(0, server.engine.pendingOutputBytes());
    }

    @Test
    void messagesWithoutATokenAreNotReported() {
        Server server = new Server();
        server.engine.send(new Message.Text("plain"));
        server.engine.send(new Message.Ping(utf8("")));
        server.engine.sendMessage(Opcode.TEXT, utf8("tagged"), true, "A");
        assertEquals(List.of("PING ", "TEXT plain", "TEXT tagged"), server.flush());
        assertEquals(List.of("written A"), server.takeTokens());
    }

    @Test
    void aBurstOfMessagesGoesOutWholeAndInOrderAndTheQueueGoesOnAfterIt() {
        Server server = new Server();
        List<String> frames = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            server.engine.sendMessage(Opcode.TEXT, utf8("m" + i), true, i);
            frames.add("TEXT m" + i);
            tokens.add("written " + i);
        }
        assertEquals(frames, server.flush(100));
        assertEquals(tokens, server.takeTokens());
        server.engine.sendMessage(Opcode.TEXT, utf8("again"), true, "A");
        assertEquals(List.of("TEXT again"), server.flush());
        assertEquals(List.of("written A"), server.takeTokens());
    }
}
