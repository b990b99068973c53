package dev.wskit.codec.message;

import static dev.wskit.codec.Splits.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.ProtocolException;
import dev.wskit.codec.Role;
import dev.wskit.codec.Splits;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.PayloadSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {
    private static final long NO_LIMIT = 1 << 20;
    private static final Function<RecordingMessageListener, MessageAssembler> WHOLE =
        listener -> new MessageAssembler(listener, Delivery.WHOLE, NO_LIMIT);
    private static final Function<RecordingMessageListener, MessageAssembler> STREAMED =
        listener -> new MessageAssembler(listener, Delivery.STREAMED, NO_LIMIT);

    @Test
    void binaryMessageInOneFrameIsDeliveredAsAViewOfTheInputAndSaysSo() {
        ByteBuffer input = ByteBuffer.wrap(hex("8203010203"));
        List<String> seen = new ArrayList<>();
        MessageAssembler[] assembler = new MessageAssembler[1];
        assembler[0] = new MessageAssembler(lending(seen, input, assembler), Delivery.WHOLE, NO_LIMIT);
        new FrameDecoder(Role.CLIENT).decode(input, assembler[0]);
        assertEquals(List.of("binary 3 fromInput=true sharesInput=true"), seen);
        assertFalse(assembler[0].isDeliveringInput(), "still says so once delivered");
    }

    @Test
    void binaryMessageInSeveralFramesIsDeliveredFromTheAssemblersOwnBuffer() {
        ByteBuffer input = ByteBuffer.wrap(hex("02020102800103"));
        List<String> seen = new ArrayList<>();
        MessageAssembler[] assembler = new MessageAssembler[1];
        assembler[0] = new MessageAssembler(lending(seen, input, assembler), Delivery.WHOLE, NO_LIMIT);
        new FrameDecoder(Role.CLIENT).decode(input, assembler[0]);
        assertEquals(List.of("binary 3 fromInput=false sharesInput=false"), seen);
    }

    /** Records, for each binary message, whether the assembler says it is a view of the input, and whether it is. */
    private static MessageListener lending(List<String> seen, ByteBuffer input, MessageAssembler[] assembler) {
        return new MessageListener() {
            @Override
            public void onText(String text) {
                seen.add("text " + text);
            }

            @Override
            public void onBinary(ByteBuffer data) {
                seen.add("binary " + data.remaining() + " fromInput=" + assembler[0].isDeliveringInput()
                    + " sharesInput=" + (data.hasArray() && data.array() == input.array()));
            }

            @Override
            public void onPing(ByteBuffer data) {
                seen.add("ping");
            }

            @Override
            public void onPong(ByteBuffer data) {
                seen.add("pong");
            }

            @Override
            public void onCloseReceived(CloseCode code, String reason) {
                seen.add("close");
            }
        };
    }

    /** Decodes the input as a client (unmasked frames) over every split, checking that the events agree. */
    private static List<String> assembleEverySplit(String input,
                                                   Function<RecordingMessageListener, MessageAssembler> setup) {
        return assembleEverySplit(Role.CLIENT, hex(input), setup);
    }

    private static List<String> assembleEverySplit(Role role, byte[] input,
                                                   Function<RecordingMessageListener, MessageAssembler> setup) {
        List<String> first = null;
        for (List<ByteBuffer> pieces : Splits.of(input)) {
            RecordingMessageListener listener = new RecordingMessageListener();
            MessageAssembler assembler = setup.apply(listener);
            FrameDecoder decoder = new FrameDecoder(role).allowedRsv(0b100);
            for (ByteBuffer piece : pieces) {
                decoder.decode(piece, assembler);
            }
            assertFalse(assembler.isInsideMessage(), "message left open");
            assertEquals("", listener.pendingHex(), "streamed bytes without a last piece");
            if (first == null) {
                first = listener.events();
            } else {
                assertEquals(first, listener.events(), "events depend on the split " + pieces);
            }
        }
        return first;
    }

    /**
     * Feeds the input over every split and checks that it fails with the close code while the piece holding
     * {@code failingByte} is fed (not earlier, not later); returns the events before the failure.
     */
    private static List<String> assertFailsEverySplit(String input,
                                                      Function<RecordingMessageListener, MessageAssembler> setup,
                                                      CloseCode expected, int failingByte) {
        List<String> first = null;
        for (List<ByteBuffer> pieces : Splits.of(hex(input))) {
            RecordingMessageListener listener = new RecordingMessageListener();
            MessageAssembler assembler = setup.apply(listener);
            FrameDecoder decoder = new FrameDecoder(Role.CLIENT).allowedRsv(0b100);
            ProtocolException failure = null;
            int offset = 0;
            for (ByteBuffer piece : pieces) {
                int start = offset;
                offset += piece.remaining();
                try {
                    decoder.decode(piece, assembler);
                } catch (ProtocolException e) {
                    failure = e;
                    assertTrue(start <= failingByte && failingByte < offset, "failed in bytes " + start + "-"
                        + (offset - 1) + ", expected at byte " + failingByte + ": " + e.getMessage());
                    break;
                }
            }
            assertNotNull(failure, "no failure for the split " + pieces);
            assertEquals(expected, failure.closeCode(), failure.getMessage());
            if (first == null) {
                first = listener.events();
            } else {
                assertEquals(first, listener.events(), "events depend on the split " + pieces);
            }
        }
        return first;
    }

    private static Function<RecordingMessageListener, MessageAssembler> limited(Delivery delivery, long limit) {
        return listener -> new MessageAssembler(listener, delivery, limit);
    }

    private static Function<RecordingMessageListener, MessageAssembler> withCaseFlip(Delivery delivery, long limit) {
        return listener -> new MessageAssembler(listener, delivery, limit).extension(new CaseFlip(listener));
    }

    private static String repeatHex(String byteHex, int count) {
        return byteHex.repeat(count);
    }

    // Whole and streamed delivery.

    @Test
    void deliversUnmaskedTextFrameOfRfcExampleWhole() {
        assertEquals(List.of("text Hello"), assembleEverySplit("810548656c6c6f", WHOLE)); // RFC 6455 §5.7
    }

    @Test
    void deliversMaskedTextFrameOfRfcExampleWhole() {
        assertEquals(List.of("text Hello"),
            assembleEverySplit(Role.SERVER, hex("818537fa213d7f9f4d5158"), WHOLE)); // RFC 6455 §5.7
    }

    @Test
    void streamsTextFrameOfRfcExample() {
        assertEquals(List.of("textStream 48656c6c6f last"),
            assembleEverySplit("810548656c6c6f", STREAMED)); // RFC 6455 §5.7
    }

    @Test
    void deliversBinaryWholeAndStreamed() {
        String input = "827e0100" + repeatHex("5a", 256); // RFC 6455 §5.7: 256 bytes binary
        assertEquals(List.of("binary " + repeatHex("5a", 256)), assembleEverySplit(input, WHOLE));
        assertEquals(List.of("binaryStream " + repeatHex("5a", 256) + " last"), assembleEverySplit(input, STREAMED));
    }

    @Test
    void deliversSeveralMessagesInARow() {
        String input = "810548656c6c6f 8203010203 8100 810548656c6c6f";
        assertEquals(List.of("text Hello", "binary 010203", "text ", "text Hello"), assembleEverySplit(input, WHOLE));
        assertEquals(List.of("textStream 48656c6c6f last", "binaryStream 010203 last", "textStream  last",
            "textStream 48656c6c6f last"), assembleEverySplit(input, STREAMED));
    }

    @Test
    void singleFrameMessageInOneBufferIsDeliveredWithoutCopying() {
        byte[] input = hex("8203010203");
        List<ByteBuffer> seen = new ArrayList<>();
        MessageAssembler assembler = new MessageAssembler(new MessageListener() {
            @Override
            public void onText(String text) {
                throw new AssertionError(text);
            }

            @Override
            public void onBinary(ByteBuffer data) {
                assertSame(input, data.array());
                assertEquals(2, data.arrayOffset() + data.position());
                assertEquals(3, data.remaining());
                seen.add(data);
            }

            @Override
            public void onPing(ByteBuffer data) {
                throw new AssertionError("ping");
            }

            @Override
            public void onPong(ByteBuffer data) {
                throw new AssertionError("pong");
            }

            @Override
            public void onCloseReceived(CloseCode code, String reason) {
                throw new AssertionError("close");
            }
        }, Delivery.WHOLE, NO_LIMIT);
        new FrameDecoder(Role.CLIENT).decode(ByteBuffer.wrap(input), assembler);
        assertEquals(1, seen.size());
    }

    // Fragmentation (RFC 6455 §5.4).

    @Test
    void assemblesFragmentedTextOfRfcExample() {
        String input = "010348656c 80026c6f"; // RFC 6455 §5.7
        assertEquals(List.of("text Hello"), assembleEverySplit(input, WHOLE));
        assertEquals(List.of("textStream 48656c6c6f last"), assembleEverySplit(input, STREAMED));
    }

    @Test
    void assemblesFragmentedBinary() {
        String input = "0203010203 00020405 800106";
        assertEquals(List.of("binary 010203040506"), assembleEverySplit(input, WHOLE));
        assertEquals(List.of("binaryStream 010203040506 last"), assembleEverySplit(input, STREAMED));
    }

    @Test
    void controlFramesMayComeBetweenFragments() {
        // RFC 6455 §5.4: control frames MAY be injected in the middle of a fragmented message
        String input = "010348656c 890548656c6c6f 8a00 80026c6f"; // RFC 6455 §5.7 frames
        assertEquals(List.of("ping 48656c6c6f", "pong ", "text Hello"), assembleEverySplit(input, WHOLE));
        assertEquals(List.of("textStream 48656c", "ping 48656c6c6f", "pong ", "textStream 6c6f last"),
            assembleEverySplit(input, STREAMED));
    }

    @Test
    void bufferOfAFragmentedMessageIsCountedAgainstTheBudgetUntilDropped() {
        MessageBudget budget = new MessageBudget(1 << 20);
        RecordingMessageListener listener = new RecordingMessageListener();
        MessageAssembler assembler = new MessageAssembler(listener, Delivery.WHOLE, NO_LIMIT).budget(budget);
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
        byte[] fragment = new byte[60_000];
        decoder.decode(ByteBuffer.wrap(frame(0x02, fragment)), assembler);
        assertTrue(budget.used() >= fragment.length, "held " + budget.used());
        decoder.decode(ByteBuffer.wrap(frame(0x80, fragment)), assembler);
        assertEquals(1, listener.events().size());
        assertEquals(0, budget.used(), "a buffer above 64 KiB is dropped after its message, and given back");
    }

    @Test
    void messageWhoseBufferWouldPassTheBudgetFailsWith1009() {
        MessageBudget budget = new MessageBudget(1000);
        assertTrue(budget.tryReserve(900), "another connection holds 900 bytes");
        MessageAssembler assembler = new MessageAssembler(new RecordingMessageListener(), Delivery.WHOLE, NO_LIMIT)
            .budget(budget);
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> new FrameDecoder(Role.CLIENT).decode(ByteBuffer.wrap(frame(0x01, new byte[200])), assembler));
        assertEquals(CloseCode.MESSAGE_TOO_BIG, e.closeCode());
        assertEquals("Inbound memory budget exhausted: 900 + 256 > 1000 bytes", e.getMessage());
        assertEquals(900, budget.used(), "the refused growth reserved nothing");
    }

    @Test
    void releaseDropsTheMessageInProgressAndGivesItsBufferBack() {
        MessageBudget budget = new MessageBudget(1 << 20);
        MessageAssembler assembler = new MessageAssembler(new RecordingMessageListener(), Delivery.WHOLE, NO_LIMIT)
            .budget(budget);
        new FrameDecoder(Role.CLIENT).decode(ByteBuffer.wrap(frame(0x01, new byte[200])), assembler);
        assertTrue(assembler.isInsideMessage());
        assertEquals(256, budget.used());
        assembler.release();
        assembler.release();
        assertFalse(assembler.isInsideMessage());
        assertEquals(0, budget.used(), "released once, however often release is called");
    }

    /** An unmasked frame with a 7- or 16-bit length. */
    private static byte[] frame(int first, byte[] payload) {
        int header = payload.length < 126 ? 2 : 4;
        byte[] bytes = new byte[header + payload.length];
        bytes[0] = (byte) first;
        if (header == 2) {
            bytes[1] = (byte) payload.length;
        } else {
            bytes[1] = 126;
            bytes[2] = (byte) (payload.length >> 8);
            bytes[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, bytes, header, payload.length);
        return bytes;
    }

    @Test
    void isInsideMessageBetweenTheFirstAndTheFinalFragment() {
        MessageAssembler assembler = new MessageAssembler(new RecordingMessageListener(), Delivery.WHOLE, NO_LIMIT);
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
        assertFalse(assembler.isInsideMessage());
        decoder.decode(ByteBuffer.wrap(hex("010348656c 8900")), assembler);
        assertTrue(assembler.isInsideMessage());
        decoder.decode(ByteBuffer.wrap(hex("80026c6f")), assembler);
        assertFalse(assembler.isInsideMessage());
    }

    @Test
    void continuationWithoutAMessageFailsWithProtocolError() {
        // RFC 6455 §5.4: a continuation frame only follows a non-final data frame
        assertEquals(List.of(), assertFailsEverySplit("80026c6f", WHOLE, CloseCode.PROTOCOL_ERROR, 1));
        assertEquals(List.of("text Hello"),
            assertFailsEverySplit("810548656c6c6f 80026c6f", WHOLE, CloseCode.PROTOCOL_ERROR, 8));
        assertEquals(List.of("textStream 48656c6c6f last"),
            assertFailsEverySplit("810548656c6c6f 0000", STREAMED, CloseCode.PROTOCOL_ERROR, 8));
    }

    @Test
    void newMessageWhileOneIsOpenFailsWithProtocolError() {
        // RFC 6455 §5.4: fragments of one message MUST NOT be interleaved with another message
        assertEquals(List.of(), assertFailsEverySplit("010348656c 810548656c6c6f", WHOLE, CloseCode.PROTOCOL_ERROR, 6));
        assertEquals(List.of(), assertFailsEverySplit("010348656c 8200", WHOLE, CloseCode.PROTOCOL_ERROR, 6));
        assertEquals(List.of("ping "),
            assertFailsEverySplit("0200 8900 0100", WHOLE, CloseCode.PROTOCOL_ERROR, 5));
    }

    // UTF-8 (RFC 6455 §8.1).

    @Test
    void invalidUtf8FailsAtTheFirstBadByteBeforeTheFinalFrame() {
        // the first fragment holds 0xff at byte 4; the final frame (bytes 7-10) is never reached
        String input = "0105 4865ff6c6c 80026c6f";
        assertEquals(List.of(), assertFailsEverySplit(input, WHOLE, CloseCode.INVALID_PAYLOAD, 4));
        for (List<ByteBuffer> pieces : Splits.of(hex(input))) {
            RecordingMessageListener listener = new RecordingMessageListener();
            MessageAssembler assembler = new MessageAssembler(listener, Delivery.STREAMED, NO_LIMIT);
            FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
            ProtocolException e = assertThrows(ProtocolException.class, () -> {
                for (ByteBuffer piece : pieces) {
                    decoder.decode(piece, assembler);
                }
            });
            assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode());
            assertEquals(List.of(), listener.events());
            String streamed = listener.pendingHex();
            assertTrue("4865".startsWith(streamed), "streamed past the bad byte: " + streamed);
        }
    }

    @Test
    void invalidUtf8InASingleFrameFailsWithInvalidPayload() {
        assertFailsEverySplit("8102 c0af", WHOLE, CloseCode.INVALID_PAYLOAD, 2); // overlong '/'
        assertFailsEverySplit("8103 eda080", WHOLE, CloseCode.INVALID_PAYLOAD, 3); // surrogate U+D800
        assertFailsEverySplit("8104 f4908080", STREAMED, CloseCode.INVALID_PAYLOAD, 3); // above U+10FFFF
        assertFailsEverySplit("8101 80", STREAMED, CloseCode.INVALID_PAYLOAD, 2); // stray continuation byte
    }

    @Test
    void textEndingInsideACodePointFailsWithInvalidPayload() {
        // RFC 6455 §8.1: "H" then the first byte of the three-byte "€"
        assertEquals(List.of(), assertFailsEverySplit("8102 48e2", WHOLE, CloseCode.INVALID_PAYLOAD, 3));
        assertEquals(List.of(), assertFailsEverySplit("0102 48e2 8000", WHOLE, CloseCode.INVALID_PAYLOAD, 5));
        assertFailsEverySplit("0102 48e2 800182", STREAMED, CloseCode.INVALID_PAYLOAD, 6);
    }

    @Test
    void codePointSplitAcrossFragmentsIsAccepted() {
        assertEquals(List.of("text H€"), assembleEverySplit("0102 48e2 8002 82ac", WHOLE));
        assertEquals(List.of("textStream 48e282ac last"), assembleEverySplit("0102 48e2 8002 82ac", STREAMED));
        // U+1F600 split over three fragments, with a Ping between
        assertEquals(List.of("ping ", "text \uD83D\uDE00"),
            assembleEverySplit("0101 f0 00029f98 8900 800180", WHOLE));
    }

    @Test
    void binaryIsNotCheckedAsUtf8() {
        assertEquals(List.of("binary ffc0eda080"), assembleEverySplit("8205 ffc0eda080", WHOLE));
    }

    // Close bodies (RFC 6455 §5.5.1, §7.4).

    @Test
    void emptyCloseIsReportedWithoutACode() {
        assertEquals(List.of("close null "), assembleEverySplit("8800", WHOLE));
    }

    @Test
    void closeBodyOfOneByteFailsWithProtocolError() {
        // RFC 6455 §5.5.1: a body, if present, MUST start with a 2-byte status code
        assertFailsEverySplit("880103", WHOLE, CloseCode.PROTOCOL_ERROR, 2);
    }

    @Test
    void closeCodesNotAllowedOnTheWireFailWithProtocolError() {
        // RFC 6455 §7.4.1: 1005, 1006 and 1015 MUST NOT be sent; 1004, 1016-2999 and 5000+ are not assigned
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertFailsEverySplit(String.format("8802%04x", code), WHOLE, CloseCode.PROTOCOL_ERROR, 3);
            assertFailsEverySplit(String.format("8803%04x41", code), WHOLE, CloseCode.PROTOCOL_ERROR, 4);
        }
    }

    @Test
    void closeCodesAllowedOnTheWireAreReported() {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000,
            3999, 4000, 4999}) {
            assertEquals(List.of("close " + code + " "), assembleEverySplit(String.format("8802%04x", code), WHOLE));
        }
        assertEquals(List.of("close 1000 bye"), assembleEverySplit("8805 03e8 627965", WHOLE));
    }

    @Test
    void anEmptyFirstControlFrameLeavesRoomForTheNextOnesPayload() {
        // the control buffer is made at a connection's first control frame, whatever its length
        String input = "8a00 8905 48656c6c6f 8a00 8805 03e8 627965"; // empty Pong, Ping "Hello", Pong, Close 1000 "bye"
        assertEquals(List.of("pong ", "ping 48656c6c6f", "pong ", "close 1000 bye"), assembleEverySplit(input, WHOLE));
    }

    @Test
    void anEmptyMessageFromStorageAndALargerOneAfterItAreBothWhole() {
        // the view of the assembler's storage is made when a message is delivered from it, and again when it grows
        String input = "0200 8000 0201 ff 8002 eedd";
        assertEquals(List.of("binary ", "binary ffeedd"), assembleEverySplit(input, WHOLE));
    }

    @Test
    void closeReasonMustBeUtf8() {
        assertFailsEverySplit("8803 03e8 ff", WHOLE, CloseCode.INVALID_PAYLOAD, 4);
        assertFailsEverySplit("8804 03e8 41e2", WHOLE, CloseCode.INVALID_PAYLOAD, 5);
        assertEquals(List.of("close 1001 €"), assembleEverySplit("8805 03e9 e282ac", WHOLE));
    }

    @Test
    void closeReasonOf123BytesIsAccepted() {
        assertEquals(List.of("close 1000 " + "a".repeat(123)),
            assembleEverySplit("887d 03e8" + repeatHex("61", 123), WHOLE));
        assertEquals(List.of("close 4000 " + "€".repeat(41)),
            assembleEverySplit("887d 0fa0" + repeatHex("e282ac", 41), STREAMED));
    }

    @Test
    void pingAndPongCarryTheirPayload() {
        String ping = "897d" + repeatHex("a5", 125);
        assertEquals(List.of("ping " + repeatHex("a5", 125), "pong 48656c6c6f"),
            assembleEverySplit(ping + "8a0548656c6c6f", WHOLE)); // RFC 6455 §5.7 pong payload
    }

    // Size limits.

    @Test
    void frameLongerThanTheMessageLimitFailsAtItsHeaderBeforeAnyPayload() {
        String input = "820b" + repeatHex("01", 11);
        for (Delivery delivery : Delivery.values()) {
            for (List<ByteBuffer> pieces : Splits.of(hex(input))) {
                RecordingMessageListener listener = new RecordingMessageListener();
                MessageAssembler assembler = new MessageAssembler(listener, delivery, 10);
                FrameDecoder decoder = new FrameDecoder(Role.CLIENT);
                ProtocolException e = assertThrows(ProtocolException.class,
                    () -> pieces.forEach(piece -> decoder.decode(piece, assembler)));
                assertEquals(CloseCode.MESSAGE_TOO_BIG, e.closeCode());
                assertEquals("Message too big: 11 > 10 bytes", e.getMessage());
                assertEquals(List.of(), listener.events());
                assertEquals("", listener.pendingHex(), "payload delivered");
            }
            assertFailsEverySplit(input, limited(delivery, 10), CloseCode.MESSAGE_TOO_BIG, 1);
        }
    }

    @Test
    void messageOfExactlyTheLimitIsAccepted() {
        assertEquals(List.of("binary " + repeatHex("01", 10)),
            assembleEverySplit("820a" + repeatHex("01", 10), limited(Delivery.WHOLE, 10)));
        assertEquals(List.of("text ", "binary "), assembleEverySplit("8100 8200", limited(Delivery.WHOLE, 0)));
    }

    @Test
    void messageLimitCountsAllFragmentsButNoControlFrames() {
        String fits = "0206 010203040506 897d" + repeatHex("00", 125) + " 8004 07080900";
        assertEquals(List.of("ping " + repeatHex("00", 125), "binary 01020304050607080900"),
            assembleEverySplit(fits, limited(Delivery.WHOLE, 10)));
        String tooBig = "0206 010203040506 8900 8005 0708090000";
        assertEquals(List.of("ping "), assertFailsEverySplit(tooBig, limited(Delivery.WHOLE, 10),
            CloseCode.MESSAGE_TOO_BIG, 11));
        assertEquals(List.of("binaryStream 010203040506", "ping "), assertFailsEverySplit(tooBig,
            limited(Delivery.STREAMED, 10), CloseCode.MESSAGE_TOO_BIG, 11));
    }

    // Empty messages.

    @Test
    void emptyTextAndBinaryMessagesAreDelivered() {
        assertEquals(List.of("text ", "binary "), assembleEverySplit("8100 8200", WHOLE));
        assertEquals(List.of("textStream  last", "binaryStream  last"), assembleEverySplit("8100 8200", STREAMED));
        assertEquals(List.of("text ", "binary "), assembleEverySplit("0100 8000 0200 0000 8000", WHOLE));
    }

    // Extensions (RFC 6455 §9).

    @Test
    void extensionTransformsPayloadAndSeesEveryDataFrameHeader() {
        // "hEL" + "LO" with RSV1 on the first frame; the extension flips case and appends "!" at the end
        String input = "4103 68454c 8900 8002 4c4f";
        assertEquals(List.of("extension first=true rsv=4", "ping ", "extension first=false rsv=0", "text Hello!"),
            assembleEverySplit(input, withCaseFlip(Delivery.WHOLE, NO_LIMIT)));
        assertEquals(List.of("extension first=true rsv=4", "textStream 48656c", "ping ",
            "extension first=false rsv=0", "textStream 6c6f21 last"),
            assembleEverySplit(input, withCaseFlip(Delivery.STREAMED, NO_LIMIT)));
    }

    @Test
    void extensionLeavesMessagesWithoutItsBitUntouched() {
        assertEquals(List.of("extension first=true rsv=0", "text Hello"),
            assembleEverySplit("810548656c6c6f", withCaseFlip(Delivery.WHOLE, NO_LIMIT))); // RFC 6455 §5.7
    }

    @Test
    void extensionMayRejectItsBitOnAContinuation() {
        assertEquals(List.of("extension first=true rsv=4", "extension first=false rsv=4"),
            assertFailsEverySplit("4101 68 c001 45", withCaseFlip(Delivery.WHOLE, NO_LIMIT),
                CloseCode.PROTOCOL_ERROR, 4));
    }

    @Test
    void textIsValidatedAfterTheExtensionTransformsIt() {
        // 0xdf flips to 0xff, never valid in UTF-8; as binary it passes, with the "!" appended
        assertFailsEverySplit("c101 df", withCaseFlip(Delivery.WHOLE, NO_LIMIT), CloseCode.INVALID_PAYLOAD, 2);
        assertEquals(List.of("extension first=true rsv=4", "binary ff21"),
            assembleEverySplit("c201 df", withCaseFlip(Delivery.WHOLE, NO_LIMIT)));
    }

    @Test
    void messageLimitAppliesToTheTransformedPayload() {
        // five bytes on the wire, six after the extension appends "!"
        assertEquals(List.of("extension first=true rsv=4"), assertFailsEverySplit("c105 68454c4c4f",
            withCaseFlip(Delivery.WHOLE, 5), CloseCode.MESSAGE_TOO_BIG, 6));
        assertEquals(List.of("extension first=true rsv=4", "text Hello!"),
            assembleEverySplit("c105 68454c4c4f", withCaseFlip(Delivery.WHOLE, 6)));
    }

    @Test
    void sizeLimitMustFitWholeDelivery() {
        assertThrows(IllegalArgumentException.class,
            () -> new MessageAssembler(new RecordingMessageListener(), Delivery.WHOLE, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class,
            () -> new MessageAssembler(new RecordingMessageListener(), Delivery.STREAMED, -1));
        new MessageAssembler(new RecordingMessageListener(), Delivery.STREAMED, Long.MAX_VALUE);
    }

    /**
     * A toy extension claiming RSV1: flips the case of ASCII letters (XOR 0x20) of messages whose first frame
     * has RSV1 set, and appends "!" at the end of each such message; RSV1 on a continuation is an error, as
     * in permessage-deflate (RFC 7692 §6.1).
     */
    private static final class CaseFlip implements ExtensionDecoder {
        private final RecordingMessageListener log;
        private boolean transforming;

        CaseFlip(RecordingMessageListener log) {
            this.log = log;
        }

        @Override
        public void onFrameHeader(boolean firstFrame, int rsv) {
            log.note("extension first=" + firstFrame + " rsv=" + rsv);
            if (firstFrame) {
                transforming = rsv == 0b100;
            } else if (rsv != 0) {
                throw new ProtocolException(CloseCode.PROTOCOL_ERROR, "RSV1 on a continuation frame");
            }
        }

        @Override
        public boolean isTransforming() {
            return transforming;
        }

        @Override
        public void decode(ByteBuffer chunk, PayloadSink sink) {
            if (!transforming) {
                throw new AssertionError("decode called on an untransformed message");
            }
            byte[] out = new byte[chunk.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (chunk.get() ^ 0x20);
            }
            sink.accept(ByteBuffer.wrap(out));
        }

        @Override
        public void endMessage(PayloadSink sink) {
            sink.accept(ByteBuffer.wrap(HexFormat.of().parseHex("21")));
        }
    }
}
