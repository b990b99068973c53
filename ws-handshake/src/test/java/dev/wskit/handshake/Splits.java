package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wskit.handshake.HttpHeadParser.Complete;
import dev.wskit.handshake.HttpHeadParser.NeedMore;
import dev.wskit.handshake.HttpHeadParser.Rejected;
import dev.wskit.handshake.HttpHeadParser.Result;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Feeds an input to parsers cut in every way the tests use: whole (heap, direct, read-only, inside a larger
 * array), at every single point, byte by byte, and at every pair of points for short inputs.
 */
final class Splits {
    private static final int PAIRS_UP_TO = 80;

    private Splits() {
    }

    /**
     * What feeding one split gave.
     *
     * @param <H> the kind of head
     * @param result the first result that was not need-more, or need-more when the input ran out
     * @param rest the leftover followed by the pieces not fed, which belong to the WebSocket stream
     * @param split a description of the split, for messages
     */
    record Fed<H extends HttpHead>(Result<H> result, String rest, String split) {
    }

    /**
     * Returns every split of an input.
     *
     * @param input the bytes
     * @return each split as its pieces, with a description
     */
    static List<Split> of(byte[] input) {
        List<Split> splits = new ArrayList<>();
        splits.add(new Split("whole heap", List.of(ByteBuffer.wrap(input))));
        splits.add(new Split("whole direct", List.of(direct(input, 0, input.length))));
        splits.add(new Split("whole read-only", List.of(ByteBuffer.wrap(input).asReadOnlyBuffer())));
        splits.add(new Split("whole offset slice", List.of(offsetSlice(input))));
        for (int cut = 1; cut < input.length; cut++) {
            splits.add(new Split("cut at " + cut, List.of(heap(input, 0, cut), heap(input, cut, input.length))));
        }
        List<ByteBuffer> bytes = new ArrayList<>();
        for (int i = 0; i < input.length; i++) {
            bytes.add(direct(input, i, i + 1));
        }
        splits.add(new Split("byte by byte", bytes));
        if (input.length <= PAIRS_UP_TO) {
            for (int a = 1; a < input.length; a++) {
                for (int b = a + 1; b < input.length; b++) {
                    splits.add(new Split("cuts at " + a + ", " + b,
                        List.of(heap(input, 0, a), direct(input, a, b), heap(input, b, input.length))));
                }
            }
        }
        return splits;
    }

    /**
     * One way of cutting an input.
     *
     * @param name the description
     * @param pieces the buffers, fed in order
     */
    record Split(String name, List<ByteBuffer> pieces) {
    }

    /**
     * Feeds every split of an input to fresh parsers.
     *
     * @param <H> the kind of head
     * @param parsers makes a parser per split
     * @param input the bytes
     * @return what each split gave
     */
    static <H extends HttpHead> List<Fed<H>> feedEach(Supplier<HttpHeadParser<H>> parsers, byte[] input) {
        List<Fed<H>> fed = new ArrayList<>();
        for (Split split : of(input)) {
            fed.add(feed(parsers.get(), split));
        }
        return fed;
    }

    /**
     * Asserts that every split of an input completes with the same head and rest, and returns them.
     *
     * @param <H> the kind of head
     * @param parsers makes a parser per split
     * @param input the text, ISO-8859-1
     * @param expectedRest the bytes after the head
     * @return the head
     */
    static <H extends HttpHead> H completeEverySplit(Supplier<HttpHeadParser<H>> parsers, String input,
        String expectedRest) {
        H head = null;
        for (Fed<H> fed : feedEach(parsers, bytes(input))) {
            if (!(fed.result() instanceof Complete<H> complete)) {
                throw new AssertionError("Expected a complete head with " + fed.split() + " but was " + fed.result());
            }
            if (head == null) {
                head = complete.head();
            }
            assertEquals(head, complete.head(), fed.split());
            assertEquals(expectedRest, fed.rest(), fed.split());
        }
        return head;
    }

    /**
     * Asserts that every split of an input is rejected with the same status and reason, and returns the
     * rejection.
     *
     * @param <H> the kind of head
     * @param parsers makes a parser per split
     * @param input the text, ISO-8859-1
     * @return the rejection of the first split
     */
    static <H extends HttpHead> Rejected<H> rejectEverySplit(Supplier<HttpHeadParser<H>> parsers, String input) {
        Rejected<H> first = null;
        for (Fed<H> fed : feedEach(parsers, bytes(input))) {
            if (!(fed.result() instanceof Rejected<H> rejected)) {
                throw new AssertionError("Expected a rejection with " + fed.split() + " but was " + fed.result());
            }
            if (first == null) {
                first = rejected;
            }
            assertEquals(first, rejected, fed.split());
        }
        return first;
    }

    /**
     * Asserts that every split of an input leaves the parser wanting more.
     *
     * @param <H> the kind of head
     * @param parsers makes a parser per split
     * @param input the text, ISO-8859-1
     */
    static <H extends HttpHead> void needMoreEverySplit(Supplier<HttpHeadParser<H>> parsers, String input) {
        for (Fed<H> fed : feedEach(parsers, bytes(input))) {
            assertInstanceOf(NeedMore.class, fed.result(), fed.split());
        }
    }

    /**
     * Returns the ISO-8859-1 bytes of a text.
     *
     * @param text the text
     * @return its bytes
     */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Feeds one split's pieces until a result other than need-more.
     *
     * @param <H> the kind of head
     * @param parser a fresh parser
     * @param split the pieces
     * @return what the split gave
     */
    static <H extends HttpHead> Fed<H> feed(HttpHeadParser<H> parser, Split split) {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        Result<H> result = new NeedMore<>();
        for (ByteBuffer piece : split.pieces()) {
            ByteBuffer copy = piece.duplicate();
            if (result instanceof NeedMore<H>) {
                result = parser.parse(copy);
                assertEquals(copy.limit(), copy.position(), "parse must take every byte, " + split.name());
                if (result instanceof Complete<H> complete) {
                    rest.writeBytes(remaining(complete.leftover()));
                }
            } else {
                rest.writeBytes(remaining(copy));
            }
        }
        return new Fed<>(result, rest.toString(StandardCharsets.ISO_8859_1), split.name());
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static ByteBuffer heap(byte[] input, int from, int to) {
        return ByteBuffer.wrap(input, from, to - from).slice();
    }

    private static ByteBuffer direct(byte[] input, int from, int to) {
        return ByteBuffer.allocateDirect(to - from).put(input, from, to - from).flip();
    }

    private static ByteBuffer offsetSlice(byte[] input) {
        byte[] larger = new byte[input.length + 10];
        System.arraycopy(input, 0, larger, 7, input.length);
        return ByteBuffer.wrap(larger, 7, input.length).slice();
    }
}
