package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {
    /** Bytes that sit on the edges of the byte classes of RFC 3629 §4. */
    private static final int[] EDGE_BYTES = {
        0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
        0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFE, 0xFF
    };
    /** Continuation bytes, one per range that the second byte of a sequence is checked against. */
    private static final byte[] CONTINUATIONS = {(byte) 0x80, (byte) 0x90, (byte) 0xA0, (byte) 0xBF};
    /** The code points at the boundaries of each encoding length and of the surrogate block. */
    private static final int[] BOUNDARY_CODE_POINTS = {
        0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF
    };

    private final SplittableRandom random = new SplittableRandom(3629);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    /** Memoized answers of {@link #canBeCompleted}, keyed by the length and bytes of the sequence. */
    private final Map<Long, Boolean> completable = new HashMap<>();

    /** How a byte sequence must be judged: accepted, failed at a byte, or failed at its end as incomplete. */
    private record Verdict(int failureIndex, boolean complete) {
        static final Verdict VALID = new Verdict(-1, true);
        static final Verdict INCOMPLETE = new Verdict(-1, false);

        static Verdict failsAt(int index) {
            return new Verdict(index, false);
        }

        boolean failsInside() {
            return failureIndex >= 0;
        }
    }

    // The oracle: the JDK's decoder says where the first malformed sequence starts. From there, the first
    // failing byte is the first one after which no continuation bytes could complete a valid code point.

    private boolean jdkAccepts(byte[] bytes, int offset, int length) {
        decoder.reset();
        chars.clear();
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, offset, length), chars, true);
        return !result.isError() && !decoder.flush(chars).isError();
    }

    /** Returns the index where the JDK's decoder reports the first malformed sequence, or -1. */
    private int jdkMalformedAt(byte[] bytes) {
        decoder.reset();
        chars.clear();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = decoder.decode(in, chars, true);
        assertFalse(result.isOverflow(), "test input too long for the char buffer");
        return result.isError() ? in.position() : -1;
    }

    /** Tells whether some 0 to 3 continuation bytes make {@code bytes[from..to]} a valid UTF-8 string. */
    private boolean canBeCompleted(byte[] bytes, int from, int to) {
        int length = to - from + 1;
        if (length > 4) {
            return searchCompletion(bytes, from, length);
        }
        long key = length;
        for (int i = from; i <= to; i++) {
            key = key << 8 | (bytes[i] & 0xFF);
        }
        return completable.computeIfAbsent(key, k -> searchCompletion(bytes, from, length));
    }

    private boolean searchCompletion(byte[] bytes, int from, int length) {
        byte[] candidate = Arrays.copyOfRange(bytes, from, from + length + 3);
        for (int extra = 0; extra <= 3; extra++) {
            int combinations = 1 << (2 * extra);
            for (int c = 0; c < combinations; c++) {
                for (int k = 0; k < extra; k++) {
                    candidate[length + k] = CONTINUATIONS[(c >>> (2 * k)) & 0b11];
                }
                if (jdkAccepts(candidate, 0, length + extra)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Verdict oracle(byte[] bytes) {
        int start = jdkMalformedAt(bytes);
        if (start < 0) {
            return Verdict.VALID;
        }
        for (int i = start; i < bytes.length; i++) {
            if (!canBeCompleted(bytes, start, i)) {
                return Verdict.failsAt(i);
            }
        }
        return Verdict.INCOMPLETE;
    }

    // Checking the validator against a verdict, fed in every way.

    private void assertJudgedAsJdk(byte[] bytes) {
        assertJudged(bytes, oracle(bytes));
    }

    /** Checks the verdict on every split into two chunks, through each API, and one byte at a time. */
    private void assertJudged(byte[] bytes, Verdict verdict) {
        for (int split = 0; split <= bytes.length; split++) {
            int[] bounds = {0, split, bytes.length};
            assertChunks(bytes, bounds, verdict, Api.values()[split % Api.values().length]);
        }
        int[] single = new int[bytes.length + 1];
        Arrays.setAll(single, i -> i);
        for (Api api : Api.values()) {
            assertChunks(bytes, single, verdict, api);
        }
        for (int round = 0; round < 3; round++) {
            assertChunks(bytes, randomBounds(bytes.length), verdict, Api.values()[round]);
        }
        assertOneShot(bytes, verdict);
    }

    private int[] randomBounds(int length) {
        int[] bounds = random.ints(random.nextInt(1, 6), 0, length + 1).sorted().toArray();
        int[] all = new int[bounds.length + 2];
        System.arraycopy(bounds, 0, all, 1, bounds.length);
        all[all.length - 1] = length;
        return all;
    }

    private enum Api { ARRAY, HEAP_BUFFER, DIRECT_BUFFER }

    private static void feed(Utf8Validator validator, byte[] bytes, int from, int to, Api api) {
        switch (api) {
            case ARRAY -> validator.validate(bytes, from, to - from);
            case HEAP_BUFFER -> {
                // A slice with a non-zero array offset, framed by unrelated invalid bytes.
                byte[] padded = new byte[bytes.length + 6];
                Arrays.fill(padded, (byte) 0xFF);
                System.arraycopy(bytes, 0, padded, 3, bytes.length);
                ByteBuffer chunk = ByteBuffer.wrap(padded, 1, padded.length - 1).slice()
                    .position(2 + from).limit(2 + to);
                validator.validate(chunk);
                assertEquals(2 + from, chunk.position(), "position moved");
            }
            case DIRECT_BUFFER -> {
                ByteBuffer chunk = ByteBuffer.allocateDirect(to - from + 4);
                chunk.put(bytes, from, to - from).put((byte) 0xC0).flip();
                chunk.limit(to - from);
                validator.validate(chunk);
                assertEquals(0, chunk.position(), "position moved");
            }
        }
    }

    private static void assertChunks(byte[] bytes, int[] bounds, Verdict verdict, Api api) {
        Utf8Validator validator = new Utf8Validator();
        Supplier<String> where = () ->
            HexFormat.of().formatHex(bytes) + " in chunks " + Arrays.toString(bounds) + " via " + api;
        for (int c = 0; c + 1 < bounds.length; c++) {
            int from = bounds[c];
            int to = bounds[c + 1];
            if (verdict.failsInside() && verdict.failureIndex() >= from && verdict.failureIndex() < to) {
                ProtocolException e = assertThrows(ProtocolException.class,
                    () -> feed(validator, bytes, from, to, api), where);
                assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode(), where);
                String hex = String.format("0x%02X", bytes[verdict.failureIndex()] & 0xFF);
                assertTrue(e.getMessage().contains(hex), () -> where.get() + ": " + e.getMessage());
                return;
            }
            feed(validator, bytes, from, to, api);
        }
        if (verdict.failsInside()) {
            fail(where.get() + ": no failure, expected one at index " + verdict.failureIndex());
        }
        assertEquals(!verdict.complete(), validator.isInsideCodePoint(), where);
        if (verdict.complete()) {
            validator.finish();
        } else {
            ProtocolException e = assertThrows(ProtocolException.class, validator::finish, where);
            assertEquals(CloseCode.INVALID_PAYLOAD, e.closeCode(), where);
        }
        assertFalse(validator.isInsideCodePoint(), where);
    }

    private static void assertOneShot(byte[] bytes, Verdict verdict) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (verdict.complete()) {
            Utf8Validator.validateComplete(buffer);
            Utf8Validator.validateComplete(bytes, 0, bytes.length);
        } else {
            assertEquals(CloseCode.INVALID_PAYLOAD,
                assertThrows(ProtocolException.class, () -> Utf8Validator.validateComplete(buffer)).closeCode());
            assertEquals(CloseCode.INVALID_PAYLOAD, assertThrows(ProtocolException.class,
                () -> Utf8Validator.validateComplete(bytes, 0, bytes.length)).closeCode());
        }
        assertEquals(0, buffer.position());
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // Generators of test input.

    private String randomText(int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append("ascii run of some length, long enough for the fast path".substring(
                    random.nextInt(40)));
                case 1 -> text.appendCodePoint(random.nextInt(0x80, 0x800));
                case 2 -> text.appendCodePoint(random.nextInt(0x800, 0xD800));
                case 3 -> text.appendCodePoint(random.nextInt(0xE000, 0x10000));
                case 4 -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
                default -> text.appendCodePoint(BOUNDARY_CODE_POINTS[random.nextInt(BOUNDARY_CODE_POINTS.length)]);
            }
        }
        return text.toString();
    }

    private byte[] mutate(byte[] valid) {
        if (valid.length == 0) {
            return new byte[] {(byte) EDGE_BYTES[random.nextInt(EDGE_BYTES.length)]};
        }
        int at = random.nextInt(valid.length);
        byte value = (byte) (random.nextBoolean() ? EDGE_BYTES[random.nextInt(EDGE_BYTES.length)] : random.nextInt());
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] changed = valid.clone();
                changed[at] = value;
                yield changed;
            }
            case 1 -> {
                byte[] inserted = Arrays.copyOf(valid, valid.length + 1);
                System.arraycopy(valid, at, inserted, at + 1, valid.length - at);
                inserted[at] = value;
                yield inserted;
            }
            case 2 -> {
                byte[] removed = Arrays.copyOf(valid, valid.length - 1);
                System.arraycopy(valid, at + 1, removed, at, valid.length - at - 1);
                yield removed;
            }
            default -> Arrays.copyOf(valid, at);
        };
    }

    // The tests.

    @Test
    void acceptsRandomValidTextLikeTheJdk() {
        for (int round = 0; round < 300; round++) {
            byte[] bytes = utf8(randomText(random.nextInt(12)));
            assertEquals(Verdict.VALID, oracle(bytes));
            assertJudged(bytes, Verdict.VALID);
        }
    }

    @Test
    void failsMutatedTextAtTheSameByteAsTheJdk() {
        for (int round = 0; round < 3000; round++) {
            assertJudgedAsJdk(mutate(utf8(randomText(random.nextInt(10)))));
        }
    }

    @Test
    void judgesRandomBytesLikeTheJdk() {
        for (int round = 0; round < 1000; round++) {
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            assertJudgedAsJdk(bytes);
        }
    }

    @Test
    void judgesEveryTwoBytePairLikeTheJdk() {
        byte[] pair = new byte[2];
        for (int first = 0; first < 256; first++) {
            for (int second = 0; second < 256; second++) {
                pair[0] = (byte) first;
                pair[1] = (byte) second;
                Verdict verdict = oracle(pair);
                for (int split = 0; split <= 2; split++) {
                    assertChunks(pair, new int[] {0, split, 2}, verdict, Api.values()[(first + second) % 3]);
                }
            }
        }
    }

    @Test
    void judgesEdgeBytesInEveryPositionOfFourLikeTheJdk() {
        byte[] text = new byte[4];
        for (int a : EDGE_BYTES) {
            for (int b : EDGE_BYTES) {
                for (int c : EDGE_BYTES) {
                    for (int d : new int[] {0x41, 0x80, 0x8F, 0x90, 0xBF, 0xC0, 0xE0}) {
                        text[0] = (byte) a;
                        text[1] = (byte) b;
                        text[2] = (byte) c;
                        text[3] = (byte) d;
                        Verdict verdict = oracle(text);
                        Api api = Api.values()[(a + b + c + d) % 3];
                        assertChunks(text, new int[] {0, 1, 2, 3, 4}, verdict, api);
                        assertChunks(text, new int[] {0, 4}, verdict, api);
                    }
                }
            }
        }
    }

    @Test
    void failsAtTheFirstBadByteAfterLongAsciiRuns() {
        byte[] ascii = utf8("0123456789".repeat(20));
        for (int at = 0; at < ascii.length; at++) {
            for (int bad : new int[] {0x80, 0xBF, 0xC0, 0xF5, 0xFF}) {
                byte[] bytes = ascii.clone();
                bytes[at] = (byte) bad;
                assertJudged(bytes, Verdict.failsAt(at));
            }
        }
    }

    @Test
    void acceptsGreekKosmeFromAutobahn() {
        byte[] kosme = hex("cebae1bdb9cf83cebcceb5"); // Autobahn 6.2.1
        assertEquals("\u03ba\u1f79\u03c3\u03bc\u03b5", new String(kosme, StandardCharsets.UTF_8));
        assertJudged(kosme, Verdict.VALID);
    }

    @Test
    void failsFastAtTheFirstInvalidByteOfAutobahnCases() {
        assertJudged(hex("cebae1bdb9cf83cebcceb5eda080656469746564"), Verdict.failsAt(12)); // Autobahn 6.3.1
        assertJudged(hex("cebae1bdb9cf83cebcceb5f4908080656469746564"), Verdict.failsAt(12)); // Autobahn 6.4.1
        assertJudged(hex("cebae1bdb9cf83cebcceb5f49080"), Verdict.failsAt(12)); // Autobahn 6.4.2
        assertJudged(hex("cebae1bdb9cf83cebcceb5eda0"), Verdict.failsAt(12)); // Autobahn 6.4.3
        assertJudged(hex("cebae1bdb9cf83cebcceb5c0af"), Verdict.failsAt(11)); // overlong slash
        assertJudged(hex("80"), Verdict.failsAt(0)); // Autobahn 6.6.1-style lone continuation
        assertJudged(hex("cebae1bdb9cf83cebcceb5"), Verdict.VALID);
        assertJudged(hex("cebae1bdb9cf83cebcceb5e1"), Verdict.INCOMPLETE);
    }

    @Test
    void acceptsEveryCodePointBoundaryAndRejectsBeyondIt() {
        assertJudged(hex("7f"), Verdict.VALID); // U+007F
        assertJudged(hex("c280"), Verdict.VALID); // U+0080
        assertJudged(hex("dfbf"), Verdict.VALID); // U+07FF
        assertJudged(hex("e0a080"), Verdict.VALID); // U+0800
        assertJudged(hex("ed9fbf"), Verdict.VALID); // U+D7FF
        assertJudged(hex("ee8080"), Verdict.VALID); // U+E000
        assertJudged(hex("efbfbf"), Verdict.VALID); // U+FFFF
        assertJudged(hex("f0908080"), Verdict.VALID); // U+10000
        assertJudged(hex("f48fbfbf"), Verdict.VALID); // U+10FFFF
        assertJudged(hex("f4908080"), Verdict.failsAt(1)); // U+110000
        assertJudged(hex("f7bfbfbf"), Verdict.failsAt(0)); // U+1FFFFF
        for (int codePoint : BOUNDARY_CODE_POINTS) {
            assertJudged(utf8(new String(Character.toChars(codePoint))), Verdict.VALID);
        }
    }

    @Test
    void rejectsOverlongEncodingsAtTheFirstByteThatShowsThem() {
        assertJudged(hex("c080"), Verdict.failsAt(0));
        assertJudged(hex("c1bf"), Verdict.failsAt(0));
        assertJudged(hex("e080af"), Verdict.failsAt(1));
        assertJudged(hex("e09fbf"), Verdict.failsAt(1));
        assertJudged(hex("f08080af"), Verdict.failsAt(1));
        assertJudged(hex("f08fbfbf"), Verdict.failsAt(1));
    }

    @Test
    void rejectsSurrogatesAtTheirSecondByte() {
        assertJudged(hex("eda080"), Verdict.failsAt(1)); // U+D800
        assertJudged(hex("edbfbf"), Verdict.failsAt(1)); // U+DFFF
        assertJudged(hex("eda0bdedb2a9"), Verdict.failsAt(1)); // a surrogate pair in CESU-8
    }

    @Test
    void rejectsBytesThatNeverOccur() {
        for (int b = 0xF5; b <= 0xFF; b++) {
            assertJudged(new byte[] {'a', (byte) b}, Verdict.failsAt(1));
        }
    }

    @Test
    void reportsTruncatedCodePointsOnlyAtTheEnd() {
        assertJudged(hex("ce"), Verdict.INCOMPLETE);
        assertJudged(hex("e0a0"), Verdict.INCOMPLETE);
        assertJudged(hex("f48fbf"), Verdict.INCOMPLETE);
        assertJudged(hex("41ce41"), Verdict.failsAt(2));
    }

    @Test
    void namesTheOffendingByteAndItsIndex() {
        Utf8Validator validator = new Utf8Validator();
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> validator.validate(hex("4142eda080"), 0, 5));
        assertEquals("Invalid UTF-8: byte 0xA0 at index 3 where a continuation byte 0x80-0x9F was expected"
            + " (UTF-16 surrogate)", e.getMessage());
        assertEquals("Invalid UTF-8: unexpected continuation byte 0x80 at index 1",
            assertThrows(ProtocolException.class, () -> Utf8Validator.validateComplete(hex("4180"), 0, 2))
                .getMessage());
        assertEquals("Invalid UTF-8: byte 0xC0 at index 0 never starts a code point",
            assertThrows(ProtocolException.class, () -> Utf8Validator.validateComplete(hex("c0af"), 0, 2))
                .getMessage());
        assertEquals("Invalid UTF-8: byte 0x41 at index 4 where a continuation byte 0x80-0xBF was expected",
            assertThrows(ProtocolException.class,
                () -> Utf8Validator.validateComplete(ByteBuffer.wrap(hex("00000000e2824141"), 2, 6).slice()))
                .getMessage());
    }

    @Test
    void finishResetsForTheNextMessage() {
        Utf8Validator validator = new Utf8Validator();
        validator.validate(hex("e2"), 0, 1);
        assertTrue(validator.isInsideCodePoint());

        assertThrows(ProtocolException.class, validator::finish);

        assertFalse(validator.isInsideCodePoint());
        validator.validate(hex("41"), 0, 1);
        validator.finish();
    }

    @Test
    void refusesUseAfterFailureUntilReset() {
        Utf8Validator validator = new Utf8Validator();
        assertThrows(ProtocolException.class, () -> validator.validate(hex("ff"), 0, 1));

        assertThrows(IllegalStateException.class, () -> validator.validate(hex("41"), 0, 1));
        assertFalse(validator.isInsideCodePoint());
        validator.reset();
        validator.validate(hex("41c3"), 0, 2);
        validator.reset();
        assertFalse(validator.isInsideCodePoint());
        validator.validate(ByteBuffer.wrap(hex("41c3")).asReadOnlyBuffer());
        validator.validate(ByteBuffer.wrap(hex("a9")).asReadOnlyBuffer());
        validator.finish();
    }

    @Test
    void validatesLargeMixedTextLikeTheJdk() {
        for (int round = 0; round < 20; round++) {
            byte[] bytes = utf8(randomText(1000));
            byte[] broken = mutate(bytes);
            Verdict verdict = oracle(broken);
            for (Api api : Api.values()) {
                assertChunks(bytes, new int[] {0, bytes.length}, Verdict.VALID, api);
                assertChunks(broken, new int[] {0, broken.length}, verdict, api);
                for (int split = 0; split < 20; split++) {
                    assertChunks(bytes, randomBounds(bytes.length), Verdict.VALID, api);
                    assertChunks(broken, randomBounds(broken.length), verdict, api);
                }
            }
            assertOneShot(bytes, Verdict.VALID);
            assertOneShot(broken, verdict);
        }
    }
}
