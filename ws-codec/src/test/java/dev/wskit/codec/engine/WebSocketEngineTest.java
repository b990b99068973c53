package dev.wskit.codec.engine;

import static dev.wskit.codec.RecordingFrameListener.header;
import static dev.wskit.codec.Splits.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FixedMaskKeys;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.RecordingFrameListener;
import dev.wskit.codec.Role;
import dev.wskit.codec.Splits;
import dev.wskit.codec.message.Message;
import dev.wskit.codec.message.MessageBudget;
import dev.wskit.codec.spi.Extension;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WebSocketEngineTest {
    /** Clock origins to run the timing tests from: {@link System#nanoTime()} may be negative. */
    private static final long[] CLOCK_ORIGINS = {0L, 123_456_789_000_000L, -987_654_321_000_000L};
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One engine driven by hand: the peer's frames go in through {@link #receive}, the engine's output is
     * drained by {@link #flush} and decoded by a decoder of the peer's role, and the clock moves only by
     * {@link #advance}.
     */
    private static final class Connection {
        final Role role;
        final WebSocketEngine engine;
        final RecordingEngineListener listener = new RecordingEngineListener();
        final FrameEncoder peer;
        final FrameDecoder wireDecoder;
        final RecordingFrameListener wire = new RecordingFrameListener();
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        long now;
        private int wireSeen;
        private int eventsSeen;

        Connection(Role role, UnaryOperator<EngineConfig.Builder> config, long clockOrigin) {
            this.role = role;
            Role peerRole = role == Role.CLIENT ? Role.SERVER : Role.CLIENT;
            EngineConfig built = config.apply(EngineConfig.builder().closeTimeout(CLOSE_TIMEOUT)
                .maskKeys(new FixedMaskKeys(FixedMaskKeys.RFC_KEY))).build();
            this.engine = new WebSocketEngine(role, built, List.of(), listener);
            this.peer = new FrameEncoder(peerRole, new FixedMaskKeys(FixedMaskKeys.RFC_KEY));
            this.wireDecoder = new FrameDecoder(peerRole);
            this.now = clockOrigin;
            engine.onTimer(now);
        }

        Connection(Role role) {
            this(role, UnaryOperator.identity(), 0);
        }

        /** Feeds bytes as they came off the network, then ticks the clock as a transport does. */
        void receive(byte[] bytes) {
            ByteBuffer src = ByteBuffer.wrap(bytes);
            engine.unwrap(src);
            assertFalse(src.hasRemaining(), "unwrap must consume all input");
            engine.onTimer(now);
        }

        /** Feeds one frame as the peer would encode it (masked when the peer is a client). */
        void receive(boolean fin, Opcode opcode, byte[] payload) {
            receive(encode(peer, fin, opcode, payload));
        }

        void receive(boolean fin, Opcode opcode, String text) {
            receive(fin, opcode, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Wraps once into a buffer of the given size; the bytes go to the wire. */
        int wrapOnce(int size) {
            ByteBuffer dst = ByteBuffer.allocate(size);
            int written = engine.wrap(dst);
            assertEquals(written, dst.position());
            dst.flip();
            raw.write(dst.array(), 0, dst.limit());
            wireDecoder.decode(dst, wire);
            engine.onTimer(now);
            return written;
        }

        /** Drains all output through buffers of the given size and returns the new frame events. */
        List<String> flush(int size) {
            for (int rounds = 0; engine.hasOutput(); rounds++) {
                assertTrue(rounds < 100_000, "output never ends");
                assertTrue(wrapOnce(size) > 0, "hasOutput but nothing wrapped");
            }
            return newWire();
        }

        List<String> flush() {
            return flush(1 << 17);
        }

        List<String> newWire() {
            List<String> events = List.copyOf(wire.events().subList(wireSeen, wire.events().size()));
            wireSeen = wire.events().size();
            return events;
        }

        /** Returns the listener's events since the last call. */
        List<String> newEvents() {
            List<String> events = List.copyOf(listener.events().subList(eventsSeen, listener.events().size()));
            eventsSeen = listener.events().size();
            return events;
        }

        void advance(Duration duration) {
            now += duration.toNanos();
            engine.onTimer(now);
        }

        void advanceTo(long instant) {
            now = instant;
            engine.onTimer(now);
        }

        /** Checks that nothing more happens whatever comes next, and that onClosed came exactly once. */
        void assertEndedForGood() {
            List<String> before = List.copyOf(listener.events());
            receive(true, Opcode.PING, "late");
            receive(true, Opcode.TEXT, "late");
            engine.onTransportClosed();
            advance(Duration.ofDays(1));
            assertFalse(engine.hasOutput());
            assertEquals(List.of(), newWire());
            assertEquals(before, listener.events());
            assertEquals(1, listener.closedCount());
            assertEquals(EngineState.CLOSED, engine.state());
            assertTrue(engine.isTransportCloseDue());
            assertEquals(Long.MAX_VALUE, engine.nextDeadline());
        }
    }

    private static byte[] encode(FrameEncoder encoder, boolean fin, Opcode opcode, byte[] payload) {
        ByteBuffer dst = ByteBuffer.allocate(FrameHeader.MAX_LENGTH + payload.length);
        assertTrue(encoder.encode(fin, 0, opcode, ByteBuffer.wrap(payload), dst));
        return Arrays.copyOf(dst.array(), dst.position());
    }

    @SafeVarargs
    private static List<String> frames(List<String>... frames) {
        List<String> all = new ArrayList<>();
        for (List<String> frame : frames) {
            all.addAll(frame);
        }
        return all;
    }

    private static List<String> frame(boolean fin, Opcode opcode, String payloadHex) {
        List<String> events = new ArrayList<>();
        events.add(header(fin, 0, opcode, payloadHex.length() / 2));
        if (!payloadHex.isEmpty()) {
            events.add("payload " + payloadHex);
        }
        events.add("end");
        return events;
    }

    private static List<String> closeFrame(int code, String reason) {
        return frame(true, Opcode.CLOSE, closeBody(code, reason));
    }

    private static String closeBody(int code, String reason) {
        return String.format("%04x", code) + hexOf(reason);
    }

    private static String hexOf(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(hex(hex));
    }

    // Ping and Pong (RFC 6455 §5.5.2, §5.5.3).

    @Test
    void pingIsAnsweredWithPongOfTheSamePayload() {
        Connection server = new Connection(Role.SERVER);
        server.receive(hex("898537fa213d7f9f4d5158")); // RFC 6455 §5.7 masked "Hello", as a Ping
        assertEquals(List.of("ping 48656c6c6f"), server.newEvents());
        assertTrue(server.engine.hasOutput());
        assertEquals(frame(true, Opcode.PONG, "48656c6c6f"), server.flush());
        assertEquals("8a0548656c6c6f", HexFormat.of().formatHex(server.raw.toByteArray())); // RFC 6455 §5.7
        assertEquals(EngineState.OPEN, server.engine.state());
    }

    @Test
    void clientAnswersPingWithTheMaskedPongOfRfcExample() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("890548656c6c6f")); // RFC 6455 §5.7
        assertEquals(List.of("ping 48656c6c6f"), client.newEvents());
        client.flush();
        assertEquals("8a8537fa213d7f9f4d5158", HexFormat.of().formatHex(client.raw.toByteArray())); // RFC 6455 §5.7
    }

    @Test
    void everyPingIsAnsweredWithItsOwnPongInOrder() {
        // RFC 6455 §5.5.3 would allow answering only the latest Ping; peers count on one Pong each
        byte[] tenPings = hex("890100 890101 890102 890103 890104 890105 890106 890107 890108 890109");
        for (List<ByteBuffer> split : Splits.of(tenPings)) {
            Connection client = new Connection(Role.CLIENT);
            for (ByteBuffer piece : split) {
                client.engine.unwrap(piece);
                assertFalse(piece.hasRemaining(), "ten Pings stay under the limit of owed Pongs");
            }
            List<String> pings = new ArrayList<>();
            List<String> pongs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pings.add("ping 0" + i);
                pongs.addAll(frame(true, Opcode.PONG, "0" + i));
            }
            assertEquals(pings, client.newEvents());
            assertEquals(pongs, client.flush());
        }
    }

    @Test
    void pingFloodStopsTheInputUntilThePongsAreWritten() {
        Connection server = new Connection(Role.SERVER);
        int count = 3 * WebSocketEngine.MAX_OWED_PONGS + 1;
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            flood.writeBytes(encode(server.peer, true, Opcode.PING, new byte[] {(byte) i}));
        }
        flood.writeBytes(encode(server.peer, true, Opcode.TEXT, "after".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer src = ByteBuffer.wrap(flood.toByteArray());
        List<String> pongs = new ArrayList<>();
        int rounds = 0;
        while (src.hasRemaining()) {
            assertTrue(rounds++ < count, "input never drains");
            server.engine.unwrap(src);
            if (src.hasRemaining()) {
                assertFalse(server.engine.isReadyForInput());
                int position = src.position();
                server.engine.unwrap(src);
                assertEquals(position, src.position(), "no input taken while too many Pongs are owed");
            }
            pongs.addAll(server.flush(8));
            assertTrue(server.engine.isReadyForInput());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.addAll(frame(true, Opcode.PONG, String.format("%02x", i)));
        }
        assertEquals(expected, pongs);
        List<String> events = server.newEvents();
        assertEquals(count + 1, events.size());
        assertEquals("text after", events.getLast());
    }

    @Test
    void sentPingsAndPongsGoOnTheWire() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.send(new Message.Ping(bytes("0102")));
        client.engine.send(new Message.Pong(bytes("03")));
        assertEquals(frames(frame(true, Opcode.PING, "0102"), frame(true, Opcode.PONG, "03")), client.flush());
        client.receive(true, Opcode.PONG, hex("0102"));
        assertEquals(List.of("pong 0102"), client.newEvents());
    }

    @Test
    void applicationControlsAreSentInOrderAfterTheKeepaliveHoweverManyWait() {
        Connection client = new Connection(Role.CLIENT, b -> b.pingInterval(Duration.ofSeconds(1)), 0);
        List<String> expected = new ArrayList<>(frame(true, Opcode.PING, ""));
        for (int i = 0; i < 100; i++) {
            String payload = String.format("%02x", i);
            Opcode opcode = i % 2 == 0 ? Opcode.PING : Opcode.PONG;
            client.engine.send(opcode == Opcode.PING ? new Message.Ping(bytes(payload))
                : new Message.Pong(bytes(payload)));
            expected.addAll(frame(true, opcode, payload));
        }
        client.advance(Duration.ofSeconds(1));
        assertEquals(expected, client.flush());
    }

    // Close handshake started by the peer (RFC 6455 §5.5.1, §7.1).

    @Test
    void serverEchoesPeerCloseAndClosesTheTransportAtOnce() {
        Connection server = new Connection(Role.SERVER);
        server.receive(true, Opcode.CLOSE, hex(closeBody(1000, "bye")));
        assertEquals(List.of("close 1000 bye"), server.newEvents());
        assertEquals(EngineState.CLOSE_RECEIVED, server.engine.state());
        assertEquals(ReadyState.CLOSING, server.engine.state().readyState());
        assertFalse(server.engine.isTransportCloseDue());
        assertEquals(closeFrame(1000, "bye"), server.flush());
        assertEquals(EngineState.CLOSED, server.engine.state());
        assertEquals(List.of("closed 1000 bye true"), server.newEvents());
        // RFC 6455 §7.1.1: the server closes the TCP connection first
        assertTrue(server.engine.isTransportCloseDue());
        server.assertEndedForGood();
    }

    @Test
    void clientEchoesPeerCloseAndWaitsForTheServerToCloseTheTransport() {
        for (long origin : CLOCK_ORIGINS) {
            Connection client = new Connection(Role.CLIENT, UnaryOperator.identity(), origin);
            client.receive(hex("880203e9")); // 1001
            assertEquals(List.of("close 1001 "), client.newEvents());
            assertEquals(EngineState.CLOSE_RECEIVED, client.engine.state());
            assertEquals(closeFrame(1001, ""), client.flush());
            assertEquals(EngineState.CLOSED, client.engine.state());
            assertEquals(List.of("closed 1001  true"), client.newEvents());
            // RFC 6455 §7.1.1: the client waits for the server to close the TCP connection, then gives up
            assertFalse(client.engine.isTransportCloseDue());
            long closedAt = client.now;
            assertEquals(closedAt + CLOSE_TIMEOUT.toNanos(), client.engine.nextDeadline(), "origin " + origin);
            client.advanceTo(closedAt + CLOSE_TIMEOUT.toNanos() - 1);
            assertFalse(client.engine.isTransportCloseDue(), "origin " + origin);
            client.advanceTo(closedAt + CLOSE_TIMEOUT.toNanos());
            assertTrue(client.engine.isTransportCloseDue(), "origin " + origin);
            assertEquals(Long.MAX_VALUE, client.engine.nextDeadline());
            client.assertEndedForGood();
        }
    }

    @Test
    void clientClosesTheTransportWhenTheServerDoes() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("880203e8"));
        client.flush();
        client.engine.onTransportClosed();
        assertTrue(client.engine.isTransportCloseDue());
        assertEquals(List.of("close 1000 ", "closed 1000  true"), client.newEvents());
        client.assertEndedForGood();
    }

    @Test
    void transportEndingBeforeTheCloseReplyReportsThePeersCode() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("880503f1626967")); // Close 1009 "big", as a server failing the client sends it
        client.engine.onTransportClosed();
        assertEquals(List.of("close 1009 big", "closed 1009 big false"), client.newEvents());
        assertEquals(EngineState.CLOSED, client.engine.state());
        assertTrue(client.engine.isTransportCloseDue());
        client.engine.onTransportClosed();
        assertEquals(List.of(), client.newEvents());
    }

    @Test
    void emptyPeerCloseIsEchoedEmptyAndReportedAsNoStatus() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("8800"));
        assertEquals(frame(true, Opcode.CLOSE, ""), client.flush());
        // RFC 6455 §7.1.5: a Close without a status code is reported as 1005
        assertEquals(List.of("close null ", "closed 1005  true"), client.newEvents());
    }

    @Test
    void peerCloseIsEchoedAfterTheMessageInProgress() {
        // RFC 6455 §5.5.1: an endpoint MAY delay its Close until its current message is sent
        Connection server = new Connection(Role.SERVER, b -> b.outgoingFragmentSize(3), 0);
        server.engine.send(new Message.Text("0123456789"));
        server.wrapOnce(4);
        server.receive(true, Opcode.CLOSE, hex("03e8"));
        assertEquals(frames(frame(false, Opcode.TEXT, "303132"), frame(false, Opcode.CONTINUATION, "333435"),
            frame(false, Opcode.CONTINUATION, "363738"), frame(true, Opcode.CONTINUATION, "39"),
            closeFrame(1000, "")), server.flush());
        assertEquals(List.of("close 1000 ", "closed 1000  true"), server.newEvents());
        server.assertEndedForGood();
    }

    @Test
    void peerCloseDuringAStreamedMessageIsEchoedAfterThePiecesOfferedBeforeIt() {
        Connection server = new Connection(Role.SERVER);
        server.engine.sendFragment(Opcode.TEXT, bytes("61"), false);
        assertEquals(frame(false, Opcode.TEXT, "61"), server.flush());
        server.receive(true, Opcode.CLOSE, hex("03e8"));
        assertEquals(closeFrame(1000, ""), server.flush());
        assertEquals(List.of("close 1000 ", "closed 1000  true"), server.newEvents());
    }

    @Test
    void closeOwedToThePeerStopsWaitingForTheMessageInProgressAfterTheCloseTimeout() {
        Connection server = new Connection(Role.SERVER, b -> b.outgoingFragmentSize(1), 0);
        server.engine.send(new Message.Binary(ByteBuffer.allocate(1000)));
        server.wrapOnce(4);
        server.receive(true, Opcode.CLOSE, hex("03e8"));
        assertEquals(server.now + CLOSE_TIMEOUT.toNanos(), server.engine.nextDeadline());
        server.advance(CLOSE_TIMEOUT);
        assertEquals(frames(frame(false, Opcode.BINARY, "00"), frame(false, Opcode.CONTINUATION, "00"),
            closeFrame(1000, "")), server.flush(), "the Close goes after the frame in progress");
        assertEquals(List.of("close 1000 ", "closed 1000  true"), server.newEvents());
    }

    // A Close that waits for the delivery of the messages before it (RFC 6455 §5.5.1).

    @Test
    void peerCloseWaitsUntilTheMessagesBeforeItAreDelivered() {
        Connection server = new Connection(Role.SERVER);
        server.engine.awaitDeliveryBeforeClose();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(encode(server.peer, true, Opcode.TEXT, "Hello".getBytes(StandardCharsets.UTF_8)));
        wire.writeBytes(encode(server.peer, true, Opcode.CLOSE, hex("03e8")));
        server.receive(wire.toByteArray());
        assertEquals(List.of("text Hello", "close 1000 "), server.newEvents());
        assertFalse(server.engine.hasOutput(), "the reply to the Close waits for the text's delivery");
        assertEquals(EngineState.OPEN, server.engine.state(), "replies may still be sent");
        server.engine.send(new Message.Text("Hello"));
        server.engine.onDelivered(1);
        assertEquals(EngineState.CLOSE_RECEIVED, server.engine.state());
        assertEquals(frames(frame(true, Opcode.TEXT, "48656c6c6f"), closeFrame(1000, "")), server.flush());
        assertEquals(List.of("closed 1000  true"), server.newEvents());
        server.assertEndedForGood();
    }

    @Test
    void peerCloseWithNothingUndeliveredIsAnsweredAtOnce() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.awaitDeliveryBeforeClose();
        client.receive(hex("810548656c6c6f"));
        client.engine.onDelivered(1);
        client.receive(hex("880203e8"));
        assertEquals(EngineState.CLOSE_RECEIVED, client.engine.state());
        assertEquals(closeFrame(1000, ""), client.flush());
    }

    @Test
    void failureWaitsUntilTheMessagesBeforeItAreDeliveredAndIgnoresTheRest() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.awaitDeliveryBeforeClose();
        // a text, a reserved opcode, then a Ping and a text that must never be processed
        client.receive(hex("810548656c6c6f 8300 890170 8101 62"));
        assertEquals(List.of("text Hello", "error 1002 Reserved opcode: 0x3"), client.newEvents());
        assertFalse(client.engine.hasOutput(), "the failure's Close waits for the text's delivery");
        client.engine.send(new Message.Text("Hello"));
        client.engine.onDelivered(1);
        assertEquals(EngineState.CLOSE_SENT, client.engine.state());
        assertEquals(frames(frame(true, Opcode.TEXT, "48656c6c6f"), closeFrame(1002, "Reserved opcode: 0x3")),
            client.flush());
        assertEquals(List.of("closed 1002 Reserved opcode: 0x3 false"), client.newEvents());
        client.assertEndedForGood();
    }

    @Test
    void heldCloseGoesOutAfterTheCloseTimeoutWhenDeliveryIsNeverReported() {
        for (long origin : CLOCK_ORIGINS) {
            Connection client = new Connection(Role.CLIENT, UnaryOperator.identity(), origin);
            client.engine.awaitDeliveryBeforeClose();
            client.receive(hex("810548656c6c6f 880203e8"));
            assertFalse(client.engine.hasOutput());
            assertEquals(client.now + CLOSE_TIMEOUT.toNanos(), client.engine.nextDeadline(), "origin " + origin);
            client.advance(CLOSE_TIMEOUT.minusNanos(1));
            assertFalse(client.engine.hasOutput(), "origin " + origin);
            client.advance(Duration.ofNanos(1));
            assertEquals(closeFrame(1000, ""), client.flush(), "origin " + origin);
            assertEquals(List.of("text Hello", "close 1000 ", "closed 1000  true"), client.newEvents());
        }
    }

    @Test
    void localCloseWhileTheReplyWaitsIsTheReply() {
        Connection server = new Connection(Role.SERVER);
        server.engine.awaitDeliveryBeforeClose();
        server.receive(encode(server.peer, true, Opcode.TEXT, "bye".getBytes(StandardCharsets.UTF_8)));
        server.receive(true, Opcode.CLOSE, hex("03e9"));
        server.engine.close(CloseCode.NORMAL_CLOSURE, "done");
        assertEquals(closeFrame(1000, "done"), server.flush());
        assertEquals(List.of("text bye", "close 1001 ", "closed 1001  true"), server.newEvents());
        server.engine.onDelivered(1);
        server.assertEndedForGood();
    }

    // Close handshake started here (RFC 6455 §7.1.2).

    @Test
    void localCloseCompletesWhenThePeerCloses() {
        Connection server = new Connection(Role.SERVER);
        server.engine.close(CloseCode.NORMAL_CLOSURE, "done");
        assertEquals(EngineState.CLOSE_SENT, server.engine.state());
        assertEquals(closeFrame(1000, "done"), server.flush());
        assertEquals(List.of(), server.newEvents());
        server.receive(true, Opcode.CLOSE, hex(closeBody(1001, "away")));
        assertEquals(EngineState.CLOSED, server.engine.state());
        assertEquals(List.of("close 1001 away", "closed 1001 away true"), server.newEvents());
        assertFalse(server.engine.hasOutput(), "nothing follows a Close");
        assertTrue(server.engine.isTransportCloseDue());
        server.assertEndedForGood();
    }

    @Test
    void peerCloseBeforeTheLocalCloseIsWrittenCompletesTheHandshakeWhenItIs() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.close(CloseCode.of(4000), "");
        client.receive(hex("880203e8"));
        assertEquals(EngineState.CLOSE_SENT, client.engine.state());
        assertEquals(List.of("close 1000 "), client.newEvents());
        assertEquals(closeFrame(4000, ""), client.flush());
        assertEquals(EngineState.CLOSED, client.engine.state());
        assertEquals(List.of("closed 1000  true"), client.newEvents());
    }

    @Test
    void dataFromThePeerIsDeliveredUntilItsClose() {
        Connection server = new Connection(Role.SERVER);
        server.engine.close(CloseCode.NORMAL_CLOSURE, "");
        server.flush();
        server.receive(true, Opcode.TEXT, "still here");
        server.receive(true, Opcode.PING, "p");
        assertEquals(List.of("text still here", "ping 70"), server.newEvents());
        assertEquals(List.of(), server.flush(), "no Pong after our Close");
    }

    @Test
    void secondCloseHasNoEffect() {
        Connection server = new Connection(Role.SERVER);
        server.engine.close(CloseCode.NORMAL_CLOSURE, "first");
        server.engine.close(CloseCode.GOING_AWAY, "second");
        assertEquals(closeFrame(1000, "first"), server.flush());
    }

    @Test
    void closeRejectsCodesAndReasonsThatMayNotBeSent() {
        Connection server = new Connection(Role.SERVER);
        assertThrows(IllegalArgumentException.class, () -> server.engine.close(CloseCode.NO_STATUS_RECEIVED, ""));
        assertThrows(IllegalArgumentException.class, () -> server.engine.close(null, "reason"));
        assertThrows(IllegalArgumentException.class,
            () -> server.engine.close(CloseCode.NORMAL_CLOSURE, "x".repeat(124)));
        assertEquals(EngineState.OPEN, server.engine.state());
        assertFalse(server.engine.hasOutput());
    }

    @Test
    void closeHandshakeTimeoutEndsWithAbnormalClosure() {
        for (long origin : CLOCK_ORIGINS) {
            Connection client = new Connection(Role.CLIENT, UnaryOperator.identity(), origin);
            client.engine.close(CloseCode.NORMAL_CLOSURE, "");
            client.flush();
            long sentAt = client.now;
            assertEquals(sentAt + CLOSE_TIMEOUT.toNanos(), client.engine.nextDeadline(), "origin " + origin);
            client.advanceTo(sentAt + CLOSE_TIMEOUT.toNanos() - 1);
            assertEquals(EngineState.CLOSE_SENT, client.engine.state(), "origin " + origin);
            assertFalse(client.engine.isTransportCloseDue());
            client.advanceTo(sentAt + CLOSE_TIMEOUT.toNanos());
            assertEquals(List.of("closed 1006 Close handshake timed out false"), client.newEvents(),
                "origin " + origin);
            client.assertEndedForGood();
        }
    }

    // Failing the connection (RFC 6455 §7.1.7).

    @Test
    void reservedOpcodeFailsWithProtocolErrorOnTheWire() {
        Connection server = new Connection(Role.SERVER);
        server.receive(hex("838037fa213d")); // masked, opcode 0x3, empty
        assertEquals(List.of("error 1002 Reserved opcode: 0x3"), server.newEvents());
        assertEquals(EngineState.CLOSE_SENT, server.engine.state());
        assertFalse(server.engine.isTransportCloseDue());
        assertEquals(closeFrame(1002, "Reserved opcode: 0x3"), server.flush());
        assertEquals(List.of("closed 1002 Reserved opcode: 0x3 false"), server.newEvents());
        assertTrue(server.engine.isTransportCloseDue());
        server.assertEndedForGood();
    }

    @Test
    void invalidUtf8FailsWithInvalidPayloadOnTheWire() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("810548656c6c6f 0102 48ff"));
        List<String> events = client.newEvents();
        assertEquals(2, events.size(), events.toString());
        assertEquals("text Hello", events.get(0));
        assertTrue(events.get(1).startsWith("error 1007 "), events.get(1));
        String reason = events.get(1).substring("error 1007 ".length());
        List<String> wire = client.flush();
        assertEquals(header(true, 0, Opcode.CLOSE, 2 + reason.length()), wire.get(0));
        assertEquals("payload 03ef" + hexOf(reason), wire.get(1));
        assertEquals(List.of("closed 1007 " + reason + " false"), client.newEvents());
        client.assertEndedForGood();
    }

    @Test
    void unmaskedFrameToAServerFailsWithProtocolError() {
        Connection server = new Connection(Role.SERVER);
        server.receive(hex("810548656c6c6f")); // RFC 6455 §5.7, unmasked
        assertEquals(List.of("error 1002 Client frame is not masked"), server.newEvents());
        assertEquals(closeFrame(1002, "Client frame is not masked"), server.flush());
        assertEquals(List.of("closed 1002 Client frame is not masked false"), server.newEvents());
    }

    @Test
    void tooBigMessageFailsWithMessageTooBig() {
        Connection client = new Connection(Role.CLIENT, b -> b.maxMessageSize(10), 0);
        client.receive(hex("820b 0102030405060708090a0b"));
        assertEquals(List.of("error 1009 Message too big: 11 > 10 bytes"), client.newEvents());
        assertEquals(closeFrame(1009, "Message too big: 11 > 10 bytes"), client.flush());
        assertEquals(List.of("closed 1009 Message too big: 11 > 10 bytes false"), client.newEvents());
    }

    @Test
    void failureAfterTheLocalCloseWasWrittenEndsAtOnce() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.close(CloseCode.NORMAL_CLOSURE, "");
        client.flush();
        client.receive(hex("8300"));
        assertEquals(List.of("error 1002 Reserved opcode: 0x3", "closed 1002 Reserved opcode: 0x3 false"),
            client.newEvents());
        assertEquals(List.of(), client.flush(), "no second Close");
        client.assertEndedForGood();
    }

    @Test
    void listenerFailureFailsTheConnectionWithInternalError() {
        List<String> closed = new ArrayList<>();
        WebSocketEngine engine = new WebSocketEngine(Role.CLIENT, EngineConfig.defaults(), List.of(),
            new EngineListener() {
                @Override
                public void onText(String text) {
                    throw new IllegalStateException("boom");
                }

                @Override
                public void onBinary(ByteBuffer data) {
                }

                @Override
                public void onPing(ByteBuffer data) {
                }

                @Override
                public void onPong(ByteBuffer data) {
                }

                @Override
                public void onCloseReceived(CloseCode code, String reason) {
                }

                @Override
                public void onClosed(CloseCode code, String reason, boolean wasClean) {
                    closed.add(code + " " + wasClean);
                }
            });
        engine.unwrap(bytes("810548656c6c6f"));
        ByteBuffer out = ByteBuffer.allocate(256);
        engine.wrap(out);
        out.flip();
        RecordingFrameListener wire = new RecordingFrameListener();
        new FrameDecoder(Role.SERVER).decode(out, wire);
        assertTrue(wire.events().get(1).startsWith("payload 03f3"), wire.events().toString());
        assertEquals(List.of("1011 false"), closed);
    }

    // Transport and timeouts.

    @Test
    void transportClosedWhileOpenEndsWithAbnormalClosureOnce() {
        Connection server = new Connection(Role.SERVER);
        server.engine.onTransportClosed();
        assertEquals(List.of("closed 1006 Connection closed without a Close frame false"), server.newEvents());
        assertEquals(EngineState.CLOSED, server.engine.state());
        assertTrue(server.engine.isTransportCloseDue());
        assertFalse(server.engine.hasOutput(), "1006 is never sent");
        server.engine.onTransportClosed();
        assertEquals(List.of(), server.newEvents());
        server.assertEndedForGood();
    }

    @Test
    void transportClosedDuringTheCloseHandshakeEndsWithAbnormalClosure() {
        Connection client = new Connection(Role.CLIENT);
        client.engine.close(CloseCode.NORMAL_CLOSURE, "");
        client.flush();
        client.engine.onTransportClosed();
        assertEquals(List.of("closed 1006 Connection closed without a Close frame false"), client.newEvents());
        client.assertEndedForGood();
    }

    @Test
    void keepalivePingGoesOutAfterTheIntervalAndMissingTrafficEndsTheConnection() {
        for (long origin : CLOCK_ORIGINS) {
            Connection server = new Connection(Role.SERVER,
                b -> b.pingInterval(Duration.ofSeconds(30)).pongTimeout(Duration.ofSeconds(5)), origin);
            assertEquals(origin + Duration.ofSeconds(30).toNanos(), server.engine.nextDeadline());
            server.advanceTo(origin + Duration.ofSeconds(30).toNanos() - 1);
            assertFalse(server.engine.hasOutput(), "origin " + origin);
            server.advanceTo(origin + Duration.ofSeconds(30).toNanos());
            assertEquals(frame(true, Opcode.PING, ""), server.flush(), "origin " + origin);
            long pingAt = server.now;
            assertEquals(pingAt + Duration.ofSeconds(5).toNanos(), server.engine.nextDeadline(), "origin " + origin);
            server.advanceTo(pingAt + Duration.ofSeconds(5).toNanos() - 1);
            assertEquals(List.of(), server.newEvents(), "origin " + origin);
            assertFalse(server.engine.hasOutput(), "one keepalive Ping at a time");
            server.advanceTo(pingAt + Duration.ofSeconds(5).toNanos());
            assertEquals(List.of("closed 1006 No response to keepalive Ping false"), server.newEvents(),
                "origin " + origin);
            assertEquals(List.of(), server.flush());
            server.assertEndedForGood();
        }
    }

    @Test
    void trafficAfterAKeepalivePingKeepsTheConnection() {
        for (long origin : CLOCK_ORIGINS) {
            Connection client = new Connection(Role.CLIENT,
                b -> b.pingInterval(Duration.ofSeconds(30)).pongTimeout(Duration.ofSeconds(5)), origin);
            client.advance(Duration.ofSeconds(30));
            assertEquals(frame(true, Opcode.PING, ""), client.flush());
            client.advance(Duration.ofSeconds(4));
            client.receive(hex("8a00"));
            long receivedAt = client.now;
            client.advance(Duration.ofSeconds(1));
            client.advance(Duration.ofSeconds(10));
            assertEquals(List.of("pong "), client.newEvents(), "origin " + origin);
            assertEquals(receivedAt + Duration.ofSeconds(30).toNanos(), client.engine.nextDeadline());
            client.advanceTo(receivedAt + Duration.ofSeconds(30).toNanos());
            assertEquals(frame(true, Opcode.PING, ""), client.flush(), "origin " + origin);
        }
    }

    @Test
    void receivedTrafficResetsTheKeepaliveTimer() {
        for (long origin : CLOCK_ORIGINS) {
            Connection server = new Connection(Role.SERVER, b -> b.pingInterval(Duration.ofSeconds(30)), origin);
            server.advance(Duration.ofSeconds(20));
            server.receive(true, Opcode.TEXT, "hi");
            server.advance(Duration.ofSeconds(29));
            assertFalse(server.engine.hasOutput(), "origin " + origin);
            server.advance(Duration.ofSeconds(1));
            assertEquals(frame(true, Opcode.PING, ""), server.flush(), "origin " + origin);
            assertEquals(List.of("text hi"), server.newEvents());
        }
    }

    @Test
    void idleTimeoutClosesWithGoingAway() {
        for (long origin : CLOCK_ORIGINS) {
            Connection server = new Connection(Role.SERVER, b -> b.idleTimeout(Duration.ofSeconds(60)), origin);
            assertEquals(origin + Duration.ofSeconds(60).toNanos(), server.engine.nextDeadline());
            server.advance(Duration.ofSeconds(40));
            server.engine.send(new Message.Text("out"));
            server.flush();
            server.advance(Duration.ofSeconds(59));
            assertFalse(server.engine.hasOutput(), "sending is activity; origin " + origin);
            server.advance(Duration.ofSeconds(1));
            assertEquals(EngineState.CLOSE_SENT, server.engine.state());
            assertEquals(closeFrame(1001, "Idle timeout"), server.flush(), "origin " + origin);
            assertEquals(List.of(), server.newEvents());
        }
    }

    @Test
    void nextDeadlineFollowsTheState() {
        WebSocketEngine fresh = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(), List.of(),
            new RecordingEngineListener());
        assertEquals(Long.MAX_VALUE, fresh.nextDeadline(), "no deadline before the first onTimer");
        Connection plain = new Connection(Role.SERVER);
        assertEquals(Long.MAX_VALUE, plain.engine.nextDeadline(), "no keepalive or idle timeout by default");

        Connection both = new Connection(Role.CLIENT,
            b -> b.pingInterval(Duration.ofSeconds(30)).pongTimeout(Duration.ofSeconds(20))
                .idleTimeout(Duration.ofSeconds(45)), 1000);
        assertEquals(1000 + Duration.ofSeconds(30).toNanos(), both.engine.nextDeadline());
        both.advance(Duration.ofSeconds(30));
        both.flush();
        // the Ping counts as activity: the pong deadline (50 s) comes before the idle one (75 s)
        assertEquals(1000 + Duration.ofSeconds(50).toNanos(), both.engine.nextDeadline());
        both.receive(hex("8a00"));
        assertEquals(1000 + Duration.ofSeconds(60).toNanos(), both.engine.nextDeadline());
        both.engine.close(CloseCode.NORMAL_CLOSURE, "");
        both.flush();
        assertEquals(both.now + CLOSE_TIMEOUT.toNanos(), both.engine.nextDeadline());
        both.receive(hex("880203e8"));
        assertEquals(EngineState.CLOSED, both.engine.state());
        assertEquals(both.now + CLOSE_TIMEOUT.toNanos(), both.engine.nextDeadline(), "client lingers");

        plain.receive(true, Opcode.CLOSE, hex("03e8"));
        plain.flush();
        assertEquals(Long.MAX_VALUE, plain.engine.nextDeadline(), "server closes at once");
    }

    // Sending.

    @Test
    void outgoingMessagesAreFragmentedAtTheFragmentSize() {
        Connection client = new Connection(Role.CLIENT, b -> b.outgoingFragmentSize(3), 0);
        client.engine.send(new Message.Text("0123456789"));
        assertEquals(frames(frame(false, Opcode.TEXT, "303132"), frame(false, Opcode.CONTINUATION, "333435"),
            frame(false, Opcode.CONTINUATION, "363738"), frame(true, Opcode.CONTINUATION, "39")), client.flush());
        client.engine.send(new Message.Binary(bytes("010203")));
        assertEquals(frame(true, Opcode.BINARY, "010203"), client.flush());
        client.engine.send(new Message.Binary(bytes("")));
        assertEquals(frame(true, Opcode.BINARY, ""), client.flush());
    }

    @Test
    void messagesUpToTheFragmentSizeGoInOneFrame() {
        Connection server = new Connection(Role.SERVER, b -> b.outgoingFragmentSize(5), 0);
        server.engine.send(new Message.Text("Hello"));
        server.flush();
        assertEquals("810548656c6c6f", HexFormat.of().formatHex(server.raw.toByteArray())); // RFC 6455 §5.7
        server.engine.send(new Message.Binary(ByteBuffer.allocate(0)));
        assertEquals(frame(true, Opcode.BINARY, ""), server.flush());
    }

    @Test
    void owedPongGoesBetweenTheFramesOfAMessageBeingSent() {
        Connection server = new Connection(Role.SERVER, b -> b.outgoingFragmentSize(3), 0);
        server.engine.send(new Message.Text("0123456789"));
        assertEquals(5, server.wrapOnce(5));
        server.receive(true, Opcode.PING, "Hello");
        assertEquals(frames(frame(false, Opcode.TEXT, "303132"), frame(true, Opcode.PONG, "48656c6c6f"),
            frame(false, Opcode.CONTINUATION, "333435"), frame(false, Opcode.CONTINUATION, "363738"),
            frame(true, Opcode.CONTINUATION, "39")), server.flush());
    }

    @Test
    void owedPongWaitsForTheFrameInProgress() {
        Connection client = new Connection(Role.CLIENT, b -> b.outgoingFragmentSize(3), 0);
        client.engine.send(new Message.Text("0123456789"));
        client.wrapOnce(4);
        client.receive(true, Opcode.PING, "Hello");
        assertEquals(frames(frame(false, Opcode.TEXT, "303132"), frame(true, Opcode.PONG, "48656c6c6f"),
            frame(false, Opcode.CONTINUATION, "333435"), frame(false, Opcode.CONTINUATION, "363738"),
            frame(true, Opcode.CONTINUATION, "39")), client.flush(3));
    }

    @Test
    void fragmentsAreStreamedAsTheyAreOffered() {
        Connection server = new Connection(Role.SERVER);
        server.engine.sendFragment(Opcode.TEXT, bytes("48656c"), false);
        assertTrue(server.engine.isStreamingMessage());
        assertEquals(frame(false, Opcode.TEXT, "48656c"), server.flush());
        server.engine.sendFragment(Opcode.TEXT, bytes("6c6f"), true);
        assertEquals(frame(true, Opcode.CONTINUATION, "6c6f"), server.flush());
        assertFalse(server.engine.isStreamingMessage());
        assertEquals("010348656c80026c6f", HexFormat.of().formatHex(server.raw.toByteArray())); // RFC 6455 §5.7
    }

    @Test
    void fragmentsQueueBehindThePreviousPieceEachAFrameOfItsOwn() {
        Connection server = new Connection(Role.SERVER);
        server.engine.sendFragment(Opcode.BINARY, bytes("01"), false);
        server.engine.sendFragment(Opcode.BINARY, bytes("02"), false);
        server.engine.sendFragment(Opcode.BINARY, bytes("03"), true);
        assertEquals(frames(frame(false, Opcode.BINARY, "01"), frame(false, Opcode.CONTINUATION, "02"),
            frame(true, Opcode.CONTINUATION, "03")), server.flush());
        assertFalse(server.engine.isStreamingMessage());
    }

    @Test
    void textFragmentsMustFormUtf8() {
        Connection server = new Connection(Role.SERVER);
        // "€" split inside its code point is fine
        server.engine.sendFragment(Opcode.TEXT, bytes("48e2"), false);
        server.flush();
        server.engine.sendFragment(Opcode.TEXT, bytes("82ac"), true);
        server.flush();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> server.engine.sendFragment(Opcode.TEXT, bytes("41ff"), false));
        assertTrue(bad.getMessage().startsWith("Text fragments are not UTF-8: "), bad.getMessage());
        assertFalse(server.engine.hasOutput());
        assertFalse(server.engine.isStreamingMessage());
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class,
            () -> server.engine.sendFragment(Opcode.TEXT, bytes("41e282"), true));
        assertTrue(cut.getMessage().startsWith("Text fragments are not UTF-8: "), cut.getMessage());
        assertFalse(server.engine.hasOutput());
        // binary is not checked, and a rejected piece leaves no trace on the next text
        server.engine.sendFragment(Opcode.BINARY, bytes("ff"), true);
        assertEquals(frame(true, Opcode.BINARY, "ff"), server.flush());
        server.engine.sendFragment(Opcode.TEXT, bytes("4f4b"), true);
        assertEquals(frame(true, Opcode.TEXT, "4f4b"), server.flush());
    }

    @Test
    void wholeMessageCannotJoinAMessageBeingStreamed() {
        Connection server = new Connection(Role.SERVER);
        server.engine.sendFragment(Opcode.TEXT, bytes("4142"), false);
        IllegalStateException queued = assertThrows(IllegalStateException.class,
            () -> server.engine.send(new Message.Text("CD")));
        assertEquals("A message is being streamed; end it before sending a TEXT message", queued.getMessage());
        server.flush();
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> server.engine.send(new Message.Text("CD")));
        assertEquals("A message is being streamed; end it before sending a TEXT message", e.getMessage());
        assertThrows(IllegalStateException.class, () -> server.engine.send(new Message.Binary(bytes("01"))));
        assertFalse(server.engine.hasOutput());
        server.engine.sendFragment(Opcode.TEXT, bytes("43"), true);
        server.engine.send(new Message.Text("CD"));
        assertEquals(frames(frame(true, Opcode.CONTINUATION, "43"), frame(true, Opcode.TEXT, "4344")),
            server.flush());
    }

    @Test
    void fragmentsAreTextOrBinaryOnly() {
        Connection server = new Connection(Role.SERVER);
        assertThrows(IllegalArgumentException.class,
            () -> server.engine.sendFragment(Opcode.CONTINUATION, bytes("01"), true));
        assertThrows(IllegalArgumentException.class, () -> server.engine.sendFragment(Opcode.PING, bytes(""), true));
        server.engine.sendFragment(Opcode.TEXT, bytes("41"), false);
        server.flush();
        assertThrows(IllegalStateException.class, () -> server.engine.sendFragment(Opcode.BINARY, bytes("01"), true));
    }

    @Test
    void sendingAfterCloseFails() {
        Connection server = new Connection(Role.SERVER);
        server.engine.close(CloseCode.NORMAL_CLOSURE, "");
        assertSendingFails(server.engine);
        server.flush();
        assertSendingFails(server.engine);

        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("8800"));
        assertEquals(EngineState.CLOSE_RECEIVED, client.engine.state());
        assertSendingFails(client.engine);
        client.flush();
        assertEquals(EngineState.CLOSED, client.engine.state());
        assertSendingFails(client.engine);
        assertEquals(List.of(), client.flush());
    }

    private static void assertSendingFails(WebSocketEngine engine) {
        IllegalStateException text = assertThrows(IllegalStateException.class,
            () -> engine.send(new Message.Text("x")));
        assertEquals("Cannot send TEXT in state " + engine.state(), text.getMessage());
        assertThrows(IllegalStateException.class, () -> engine.send(new Message.Binary(bytes("01"))));
        assertThrows(IllegalStateException.class, () -> engine.sendFragment(Opcode.BINARY, bytes("01"), true));
        assertThrows(IllegalStateException.class, () -> engine.send(new Message.Ping(bytes(""))));
        assertThrows(IllegalStateException.class, () -> engine.send(new Message.Pong(bytes(""))));
    }

    @Test
    void wrappingIntoTinyBuffersGivesTheSameBytes() {
        List<String> outputs = new ArrayList<>();
        List<List<String>> wires = new ArrayList<>();
        for (int size : new int[] {1 << 17, 1, 2, 3, 7, 13}) {
            Connection client = new Connection(Role.CLIENT, b -> b.outgoingFragmentSize(100), 0);
            byte[] binary = new byte[1000];
            new Random(1).nextBytes(binary);
            client.engine.send(new Message.Text("€uro ".repeat(50)));
            client.receive(true, Opcode.PING, "ping while sending");
            client.engine.send(new Message.Ping(bytes("0102")));
            List<String> wire = new ArrayList<>(client.flush(size));
            client.engine.send(new Message.Binary(ByteBuffer.wrap(binary)));
            client.receive(true, Opcode.PING, "");
            client.engine.close(CloseCode.NORMAL_CLOSURE, "bye");
            wire.addAll(client.flush(size));
            outputs.add(HexFormat.of().formatHex(client.raw.toByteArray()));
            wires.add(wire);
        }
        for (int i = 1; i < outputs.size(); i++) {
            assertEquals(wires.get(0), wires.get(i));
            assertEquals(outputs.get(0), outputs.get(i));
        }
        List<String> wire = wires.get(0);
        assertEquals(header(true, 0, Opcode.PONG, 18), wire.get(0));
        assertEquals(header(false, 0, Opcode.TEXT, 100), wire.get(6));
        assertEquals(closeFrame(1000, "bye"), wire.subList(wire.size() - 3, wire.size()));
        int count = 0;
        for (String event : wire) {
            count += event.startsWith("header") ? 1 : 0;
        }
        // a Pong, a Ping, 4 text frames (350 bytes), a Pong, 1 binary frame (the Close goes after the message)
        // then 9 more, and the Close
        assertEquals(1 + 1 + 4 + 1 + 10 + 1, count);
    }

    @Test
    void tinyBuffersGiveByteForByteTheSameOutput() {
        List<String> outputs = new ArrayList<>();
        for (int size : new int[] {1 << 17, 1, 2, 5, 11}) {
            Connection client = new Connection(Role.CLIENT, b -> b.outgoingFragmentSize(7), 0);
            client.engine.send(new Message.Text("The quick brown fox"));
            client.receive(hex("890548656c6c6f")); // RFC 6455 §5.7
            client.engine.close(CloseCode.NORMAL_CLOSURE, "");
            client.flush(size);
            outputs.add(HexFormat.of().formatHex(client.raw.toByteArray()));
        }
        for (String output : outputs) {
            assertEquals(outputs.get(0), output);
        }
    }

    // Inbound after the peer's Close (RFC 6455 §5.5.1).

    @Test
    void messagesAfterThePeersCloseAreNotDelivered() {
        Connection client = new Connection(Role.CLIENT);
        client.receive(hex("880203e8 810548656c6c6f 890548656c6c6f ff")); // then garbage
        assertEquals(List.of("close 1000 "), client.newEvents());
        assertEquals(closeFrame(1000, ""), client.flush(), "no Pong after the peer's Close");
        assertEquals(List.of("closed 1000  true"), client.newEvents());
        client.receive(hex("810548656c6c6f"));
        assertEquals(List.of(), client.newEvents());
        client.engine.onTransportClosed();
        client.assertEndedForGood();
    }

    @Test
    void messagesAreDeliveredWholeAcrossFragmentsAndBuffers() {
        FrameEncoder peer = new FrameEncoder(Role.CLIENT, new FixedMaskKeys(FixedMaskKeys.RFC_KEY));
        byte[] first = encode(peer, false, Opcode.TEXT, "Hel".getBytes(StandardCharsets.US_ASCII));
        byte[] ping = encode(peer, true, Opcode.PING, new byte[0]);
        byte[] last = encode(peer, true, Opcode.CONTINUATION, "lo".getBytes(StandardCharsets.US_ASCII));
        byte[] all = new byte[first.length + ping.length + last.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(ping, 0, all, first.length, ping.length);
        System.arraycopy(last, 0, all, first.length + ping.length, last.length);
        for (int cut = 0; cut <= all.length; cut++) {
            Connection connection = new Connection(Role.SERVER);
            connection.receive(Arrays.copyOfRange(all, 0, cut));
            connection.receive(Arrays.copyOfRange(all, cut, all.length));
            assertEquals(List.of("ping ", "text Hello"), connection.newEvents(), "cut " + cut);
            assertEquals(frame(true, Opcode.PONG, ""), connection.flush());
        }
    }

    @Test
    void everyExtensionOfAChainIsClosedOnceWhenTheConnectionEnds() {
        List<String> closed = new ArrayList<>();
        WebSocketEngine engine = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(),
            List.of(new NoOpExtension("a", closed), new NoOpExtension("b", closed)), new RecordingEngineListener());
        engine.onTransportClosed();
        engine.onTransportClosed();
        assertEquals(List.of("a", "b"), closed);
    }

    @Test
    void extensionIsClosedOnceWhenTheConnectionEnds() {
        List<String> closed = new ArrayList<>();
        RecordingEngineListener listener = new RecordingEngineListener();
        WebSocketEngine engine = new WebSocketEngine(Role.SERVER, EngineConfig.defaults(),
            List.of(new NoOpExtension("x", closed)), listener);
        engine.onTransportClosed();
        engine.onTransportClosed();
        assertEquals(List.of("x"), closed);
        assertEquals(List.of("closed 1006 Connection closed without a Close frame false"), listener.events());
    }

    /** An extension that claims no bits and transforms nothing, recording its close. */
    private record NoOpExtension(String name, List<String> closed) implements Extension {
        @Override
        public int rsvBits() {
            return 0;
        }

        @Override
        public ExtensionDecoder decoder() {
            return new ExtensionDecoder() {
                @Override
                public void onFrameHeader(boolean firstFrame, int rsv) {
                }

                @Override
                public boolean isTransforming() {
                    return false;
                }

                @Override
                public void decode(ByteBuffer chunk, PayloadSink sink) {
                    throw new AssertionError("not transforming");
                }

                @Override
                public void endMessage(PayloadSink sink) {
                }
            };
        }

        @Override
        public ExtensionEncoder encoder() {
            return new ExtensionEncoder() {
                @Override
                public int startMessage(Opcode type, long sizeHint) {
                    return 0;
                }

                @Override
                public void encode(ByteBuffer src, boolean endOfMessage, PayloadSink sink) {
                    throw new AssertionError("not transforming");
                }
            };
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }

    @Test
    void failedEngineGivesItsMessageBufferBackAtOnce() {
        MessageBudget budget = new MessageBudget(1 << 20);
        WebSocketEngine engine = new WebSocketEngine(Role.CLIENT, EngineConfig.defaults(), List.of(),
            new RecordingEngineListener(), budget);
        engine.onTimer(0);
        // a 200-byte first fragment of a text message, then a new message instead of its continuation
        engine.unwrap(ByteBuffer.wrap(hex("017e00c8" + "61".repeat(200))));
        assertEquals(256, budget.used());
        engine.unwrap(ByteBuffer.wrap(hex("810162")));
        assertEquals(0, budget.used(), "released when the connection failed, not when it closes");
        ByteBuffer out = ByteBuffer.allocate(256);
        engine.wrap(out);
        out.flip();
        // RFC 6455 §7.1.7: the failure is a Close with 1002, masked (§5.3) with the key in bytes 2 to 5
        assertEquals(0x88, out.get(0) & 0xff);
        int code = (((out.get(6) ^ out.get(2)) & 0xff) << 8) | ((out.get(7) ^ out.get(3)) & 0xff);
        assertEquals(1002, code);
    }
}
