package dev.wskit.handshake;

import dev.wskit.handshake.HeadGrammar.Rejection;
import dev.wskit.handshake.HeadGrammar.StartLineReader;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser for one HTTP/1.1 request or response head (RFC 9112 §2–§5), as far as an opening
 * handshake needs: no bodies, no chunked coding.
 *
 * <p>Bytes arrive in buffers split anywhere, heap or direct. {@link #parse} answers {@link NeedMore} until
 * the blank line that ends the head, then {@link Complete} with the head and a copy of <em>the bytes that
 * followed it in the same buffer</em>: they belong to the WebSocket stream (a server may send its first
 * frame in the packet of its 101) and must be fed to the frame decoder. Lines may end in CRLF or in a bare
 * LF, a bare CR elsewhere is rejected, and empty lines before the start line are skipped (RFC 9112 §2.2). A
 * head that breaks the grammar or the {@link HeadLimits} is {@link Rejected} with the status a server
 * answers (400, 414, 431); no exception escapes for any input, and memory stays within the limits. The
 * parser copies nothing of a head that arrives whole in one heap buffer; a split head is gathered in a
 * buffer that grows to the size limit at most.
 *
 * <p>A parser reads one head: after a result other than {@link NeedMore} it refuses further input. Not
 * thread-safe: one parser per connection, used by one thread at a time.
 *
 * @param <H> {@link HandshakeRequest} or {@link HandshakeResponse}
 */
public final class HttpHeadParser<H extends HttpHead> {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] NO_BYTES = {};

    private final HeadLimits limits;
    private final boolean requests;
    private final StartLineReader<H> startLine;
    private final NeedMore<H> needMore = new NeedMore<>();

    /** Bytes of a head split across calls; {@code null} until a split happens. */
    private byte[] buffer;
    /** Head bytes seen in earlier calls, all held in {@link #buffer}. */
    private int consumed;
    private int headStart;
    private int lineStart;
    /** The head offset of each line's LF, the start line first. */
    private int[] lineEnds = new int[16];
    private int lineCount;
    private boolean finished;

    private HttpHeadParser(HeadLimits limits, boolean requests, StartLineReader<H> startLine) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.requests = requests;
        this.startLine = startLine;
    }

    /**
     * Returns a parser for a request head with the default limits, as a server reads it.
     *
     * @return a new parser
     */
    public static HttpHeadParser<HandshakeRequest> forRequests() {
        return forRequests(HeadLimits.DEFAULT);
    }

    /**
     * Returns a parser for a request head, as a server reads it; obsolete line folding is rejected.
     *
     * @param limits the bounds on the head
     * @return a new parser
     */
    public static HttpHeadParser<HandshakeRequest> forRequests(HeadLimits limits) {
        return new HttpHeadParser<>(limits, true, HeadGrammar::request);
    }

    /**
     * Returns a parser for a response head with the default limits, as a client reads it.
     *
     * @return a new parser
     */
    public static HttpHeadParser<HandshakeResponse> forResponses() {
        return forResponses(HeadLimits.DEFAULT);
    }

    /**
     * Returns a parser for a response head, as a client reads it; obsolete line folding is replaced by SP.
     *
     * @param limits the bounds on the head
     * @return a new parser
     */
    public static HttpHeadParser<HandshakeResponse> forResponses(HeadLimits limits) {
        return new HttpHeadParser<>(limits, false, HeadGrammar::response);
    }

    /**
     * The outcome of feeding bytes to the parser.
     *
     * @param <H> the kind of head
     */
    public sealed interface Result<H extends HttpHead> permits NeedMore, Complete, Rejected {
    }

    /**
     * The head is not complete yet: every byte was taken, feed the next ones.
     *
     * @param <H> the kind of head
     */
    public record NeedMore<H extends HttpHead>() implements Result<H> {
    }

    /**
     * The head is complete.
     *
     * @param <H> the kind of head
     * @param head the parsed head
     * @param leftover a new heap buffer holding the bytes that followed the head, from position 0, often
     *     empty; they are the start of the WebSocket stream
     */
    public record Complete<H extends HttpHead>(H head, ByteBuffer leftover) implements Result<H> {
        /** Checks the parts. */
        public Complete {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(leftover, "leftover");
        }
    }

    /**
     * The head is invalid or too large.
     *
     * @param <H> the kind of head
     * @param status the status a server answers: 400, 414 or 431
     * @param reason what was wrong, naming the offending value
     */
    public record Rejected<H extends HttpHead>(int status, String reason) implements Result<H> {
        /** Checks the reason. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Feeds the bytes between the position and the limit of {@code src}; on return the position equals the
     * limit, the bytes after a complete head having been copied into {@link Complete#leftover()}.
     *
     * @param src the received bytes
     * @return need more, complete or rejected
     * @throws IllegalStateException when the head was already complete or rejected
     */
    public Result<H> parse(ByteBuffer src) {
        if (finished) {
            throw new IllegalStateException("The parser already read a whole head");
        }
        try {
            Result<H> result = consumed == 0 && src.hasArray() ? parseInPlace(src) : parseGathered(src);
            if (result != needMore) {
                finished = true;
                buffer = null;
            }
            return result;
        } catch (Rejection e) {
            finished = true;
            buffer = null;
            src.position(src.limit());
            return new Rejected<>(e.status(), e.getMessage());
        }
    }

    /** Reads a head that starts in a heap buffer straight from its array, copying only when it is split. */
    private Result<H> parseInPlace(ByteBuffer src) throws Rejection {
        int start = src.position();
        int window = window(src);
        int shift = src.arrayOffset() + start;
        int end = scan(src.array(), shift, 0, window);
        if (end < 0) {
            append(src, window);
            return needMoreWithinLimit(src);
        }
        src.position(start + end);
        return complete(src.array(), shift, src);
    }

    /** Gathers the bytes of a split head (or of a buffer without an array) and reads them there. */
    private Result<H> parseGathered(ByteBuffer src) throws Rejection {
        int start = src.position();
        int from = consumed;
        append(src, window(src));
        int end = scan(buffer, 0, from, consumed);
        if (end < 0) {
            return needMoreWithinLimit(src);
        }
        src.position(start + end - from);
        return complete(buffer, 0, src);
    }

    /** The number of bytes of {@code src} that may still belong to the head. */
    private int window(ByteBuffer src) {
        return Math.min(src.remaining(), limits.maxHeadSize() - consumed);
    }

    private Result<H> needMoreWithinLimit(ByteBuffer src) throws Rejection {
        if (src.hasRemaining()) {
            throw tooLarge();
        }
        return needMore;
    }

    /**
     * Looks for the end of the head between two head offsets, recording line ends on the way.
     *
     * @return the head offset just after the head, or -1 when it does not end in this range
     */
    private int scan(byte[] bytes, int shift, int from, int to) throws Rejection {
        for (int lf = ByteSearch.indexOf(bytes, shift + from, shift + to, LF); lf >= 0;
             lf = ByteSearch.indexOf(bytes, lf + 1, shift + to, LF)) {
            if (endLine(bytes, shift, lf - shift)) {
                return lf - shift + 1;
            }
        }
        return -1;
    }

    /**
     * Ends the line at an LF; the bytes before it, back to the line's start, are all in {@code bytes}.
     *
     * @return true when the line was the empty one that ends the head
     */
    private boolean endLine(byte[] bytes, int shift, int offset) throws Rejection {
        // RFC 9112 §2.2: a recipient MAY take a bare LF as a line end and ignore a CR before it; a bare CR
        // elsewhere stays in the line, where the grammar rejects it as the MUST of §2.2 allows
        int length = offset - lineStart;
        if (length > 0 && bytes[shift + offset - 1] == CR) {
            length--;
        }
        lineStart = offset + 1;
        if (length > 0) {
            addLine(offset);
            return false;
        }
        if (lineCount == 0) {
            // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request-line
            headStart = lineStart;
            return false;
        }
        return true;
    }

    private void addLine(int offset) throws Rejection {
        if (lineCount > limits.maxHeaderCount()) {
            throw new Rejection(431, "More than " + limits.maxHeaderCount() + " header fields");
        }
        if (lineCount == lineEnds.length) {
            lineEnds = Arrays.copyOf(lineEnds, 2 * lineCount);
        }
        lineEnds[lineCount++] = offset;
    }

    private Rejection tooLarge() {
        if (requests && lineCount == 0) {
            return new Rejection(414, "Request line longer than " + limits.maxHeadSize() + " bytes");
        }
        return new Rejection(431, "Head longer than " + limits.maxHeadSize() + " bytes");
    }

    private Result<H> complete(byte[] bytes, int base, ByteBuffer src) throws Rejection {
        H head = read(bytes, base);
        byte[] leftover = src.hasRemaining() ? new byte[src.remaining()] : NO_BYTES;
        src.get(leftover);
        return new Complete<>(head, ByteBuffer.wrap(leftover));
    }

    private H read(byte[] bytes, int base) throws Rejection {
        HttpHeaders headers = HeadGrammar.fields(bytes, base, lineEnds, lineCount, !requests);
        int startLineEnd = HeadGrammar.contentEnd(bytes, base + lineEnds[0]);
        return startLine.read(bytes, base + headStart, startLineEnd, headers);
    }

    /** Copies the next bytes of {@code src} after those already gathered. */
    private void append(ByteBuffer src, int length) {
        if (length == 0) {
            return;
        }
        if (buffer == null || consumed + length > buffer.length) {
            int capacity = Math.max(consumed + length, Math.min(limits.maxHeadSize(), 2 * consumed + 256));
            buffer = buffer == null ? new byte[capacity] : Arrays.copyOf(buffer, capacity);
        }
        src.get(buffer, consumed, length);
        consumed += length;
    }
}
