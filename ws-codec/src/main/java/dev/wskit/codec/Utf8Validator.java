package dev.wskit.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Checks that text is well-formed UTF-8 (RFC 3629 §3–§4) as RFC 6455 §8.1 requires of text messages and
 * close reasons, incrementally: a code point may be split across any number of chunks.
 *
 * <p>A failure is reported at the first byte after which no valid continuation exists, not at the end of the
 * message, so a connection is failed as early as the bytes allow. Rejected are stray continuation bytes,
 * truncated sequences, overlong encodings (lead bytes C0 and C1, E0 followed by 80–9F, F0 followed by 80–8F),
 * UTF-16 surrogates (ED followed by A0–BF) and code points above U+10FFFF (F4 followed by 90–BF, lead bytes
 * F5–FF). The validator reads the bytes and never copies, decodes or moves them.
 *
 * <p>Runs of ASCII are skipped 32 and 8 bytes at a time. Other bytes go through a 9-state automaton over 12
 * byte classes, laid out as a shift automaton: each byte value has a 64-bit row holding, in 6 bits per state,
 * the state that follows it, so a step is one table load (which does not depend on the state) and one shift.
 * Use one instance per connection and direction; not thread-safe.
 */
public final class Utf8Validator {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** The top bit of each of eight bytes: set in a word exactly when one of its bytes is not ASCII. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** How many bytes the automaton takes between checks for a failure and returns to the ASCII fast path. */
    private static final int STRETCH = 32;

    // Byte classes.
    private static final int ASCII = 0;
    private static final int CONT_80 = 1;
    private static final int CONT_90 = 2;
    private static final int CONT_A0 = 3;
    private static final int NEVER = 4;
    private static final int LEAD_2 = 5;
    private static final int LEAD_E0 = 6;
    private static final int LEAD_3 = 7;
    private static final int LEAD_ED = 8;
    private static final int LEAD_F0 = 9;
    private static final int LEAD_4 = 10;
    private static final int LEAD_F4 = 11;
    private static final int CLASS_COUNT = 12;

    // States: each is the bit offset of its 6-bit field in a row, so that the next state is row >>> state.
    private static final int STATE_BITS = 6;
    private static final int STATE_MASK = 0b11_1111;
    private static final int ACCEPT = 0;
    /** Sticky: every row leads from REJECT to REJECT, so a failure can be looked for after a whole stretch. */
    private static final int REJECT = 6;
    private static final int NEED_1 = 12;
    private static final int NEED_2 = 18;
    private static final int NEED_3 = 24;
    private static final int AFTER_E0 = 30;
    private static final int AFTER_ED = 36;
    private static final int AFTER_F0 = 42;
    private static final int AFTER_F4 = 48;
    private static final int STATE_COUNT = 9;

    /** For each byte value, the state after it from each state, in the 6-bit field at that state's offset. */
    private static final long[] ROWS = buildRows();

    /** The automaton's state after the bytes seen so far; REJECT once a failure was thrown. */
    private int state = ACCEPT;

    /** Creates a validator at the start of a message. */
    public Utf8Validator() {
    }

    private static long[] buildRows() {
        int[] classes = new int[256];
        Arrays.fill(classes, 0x00, 0x80, ASCII);
        Arrays.fill(classes, 0x80, 0x90, CONT_80);
        Arrays.fill(classes, 0x90, 0xA0, CONT_90);
        Arrays.fill(classes, 0xA0, 0xC0, CONT_A0);
        Arrays.fill(classes, 0xC0, 0xC2, NEVER);
        Arrays.fill(classes, 0xC2, 0xE0, LEAD_2);
        Arrays.fill(classes, 0xE0, 0xF0, LEAD_3);
        classes[0xE0] = LEAD_E0;
        classes[0xED] = LEAD_ED;
        classes[0xF0] = LEAD_F0;
        Arrays.fill(classes, 0xF1, 0xF4, LEAD_4);
        classes[0xF4] = LEAD_F4;
        Arrays.fill(classes, 0xF5, 0x100, NEVER);

        int[] next = new int[STATE_COUNT * CLASS_COUNT];
        Arrays.fill(next, REJECT);
        on(next, ACCEPT, ASCII, ACCEPT);
        on(next, ACCEPT, LEAD_2, NEED_1);
        on(next, ACCEPT, LEAD_E0, AFTER_E0);
        on(next, ACCEPT, LEAD_3, NEED_2);
        on(next, ACCEPT, LEAD_ED, AFTER_ED);
        on(next, ACCEPT, LEAD_F0, AFTER_F0);
        on(next, ACCEPT, LEAD_4, NEED_3);
        on(next, ACCEPT, LEAD_F4, AFTER_F4);
        for (int cont = CONT_80; cont <= CONT_A0; cont++) {
            on(next, NEED_1, cont, ACCEPT);
            on(next, NEED_2, cont, NEED_1);
            on(next, NEED_3, cont, NEED_2);
        }
        // RFC 3629 §4: E0 80..9F would be overlong, ED A0..BF a surrogate
        on(next, AFTER_E0, CONT_A0, NEED_1);
        on(next, AFTER_ED, CONT_80, NEED_1);
        on(next, AFTER_ED, CONT_90, NEED_1);
        // RFC 3629 §4: F0 80..8F would be overlong, F4 90..BF above U+10FFFF
        on(next, AFTER_F0, CONT_90, NEED_2);
        on(next, AFTER_F0, CONT_A0, NEED_2);
        on(next, AFTER_F4, CONT_80, NEED_2);

        long[] rows = new long[256];
        for (int b = 0; b < 256; b++) {
            for (int from = 0; from < STATE_COUNT * STATE_BITS; from += STATE_BITS) {
                rows[b] |= (long) next[from / STATE_BITS * CLASS_COUNT + classes[b]] << from;
            }
        }
        return rows;
    }

    private static void on(int[] next, int state, int byteClass, int target) {
        next[state / STATE_BITS * CLASS_COUNT + byteClass] = target;
    }

    /**
     * Validates the bytes between the chunk's position and limit as the continuation of the bytes validated
     * since the last {@link #reset()} or {@link #finish()}. The chunk's position does not move.
     *
     * @param chunk the next bytes of the text, heap or direct
     * @throws ProtocolException with {@link CloseCode#INVALID_PAYLOAD} at the first byte that makes the text
     *     invalid, naming that byte in hex; the validator must then be reset before further use
     * @throws IllegalStateException when an earlier call failed and the validator was not reset since
     */
    public void validate(ByteBuffer chunk) {
        int from = checkUsable();
        int position = chunk.position();
        int limit = chunk.limit();
        if (chunk.hasArray()) {
            int base = chunk.arrayOffset();
            state = scan(chunk.array(), base + position, base + limit, from, base);
        } else {
            state = scan(chunk, position, limit, from);
        }
    }

    /**
     * Validates {@code array[offset..offset+length)} as the continuation of the bytes validated since the
     * last {@link #reset()} or {@link #finish()}.
     *
     * @param array the bytes
     * @param offset the index of the first byte to validate
     * @param length the number of bytes to validate
     * @throws ProtocolException with {@link CloseCode#INVALID_PAYLOAD} at the first byte that makes the text
     *     invalid, naming that byte in hex; the validator must then be reset before further use
     * @throws IndexOutOfBoundsException when the range is not within the array
     * @throws IllegalStateException when an earlier call failed and the validator was not reset since
     */
    public void validate(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        int from = checkUsable();
        state = scan(array, offset, offset + length, from, 0);
    }

    /**
     * Ends the text: checks that it did not stop inside a code point, then resets the validator for the next
     * message (also when it throws).
     *
     * @throws ProtocolException with {@link CloseCode#INVALID_PAYLOAD} when the last code point is incomplete
     * @throws IllegalStateException when an earlier call failed and the validator was not reset since
     */
    public void finish() {
        int last = state;
        state = ACCEPT;
        if (last == REJECT) {
            throw new IllegalStateException("Validator used after a failure without reset()");
        }
        if (last != ACCEPT) {
            throw incomplete();
        }
    }

    /** Forgets all bytes seen so far, including a failure, so the validator starts a new text. */
    public void reset() {
        state = ACCEPT;
    }

    /**
     * Tells whether the bytes validated so far end inside a code point, so that more bytes must follow.
     *
     * @return true when a code point is open; false at a code point boundary or after a failure
     */
    public boolean isInsideCodePoint() {
        return state != ACCEPT && state != REJECT;
    }

    /**
     * Validates a complete text in one step, such as a close reason (RFC 6455 §5.5.1): the bytes between the
     * buffer's position and limit, without moving the position.
     *
     * @param text the whole text, heap or direct
     * @throws ProtocolException with {@link CloseCode#INVALID_PAYLOAD} when the text is not well-formed UTF-8
     */
    public static void validateComplete(ByteBuffer text) {
        int position = text.position();
        int limit = text.limit();
        int end;
        if (text.hasArray()) {
            int base = text.arrayOffset();
            end = scan(text.array(), base + position, base + limit, ACCEPT, base);
        } else {
            end = scan(text, position, limit, ACCEPT);
        }
        if (end != ACCEPT) {
            throw incomplete();
        }
    }

    /**
     * Validates a complete text in one step, such as a close reason (RFC 6455 §5.5.1).
     *
     * @param array the bytes
     * @param offset the index of the first byte of the text
     * @param length the length of the text in bytes
     * @throws ProtocolException with {@link CloseCode#INVALID_PAYLOAD} when the text is not well-formed UTF-8
     * @throws IndexOutOfBoundsException when the range is not within the array
     */
    public static void validateComplete(byte[] array, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, array.length);
        if (scan(array, offset, offset + length, ACCEPT, 0) != ACCEPT) {
            throw incomplete();
        }
    }

    /** Returns the current state and marks the validator failed until the scan that follows completes. */
    private int checkUsable() {
        int from = state;
        if (from == REJECT) {
            throw new IllegalStateException("Validator used after a failure without reset()");
        }
        state = REJECT;
        return from;
    }

    /**
     * Runs the automaton over {@code array[from..to)} from {@code state} and returns the state after it.
     * {@code base} is subtracted from indexes in messages, so that they name buffer indexes.
     */
    private static int scan(byte[] array, int from, int to, int state, int base) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                i = skipAscii(array, i, to);
                if (i == to) {
                    break;
                }
            }
            int start = i;
            int stop = to - i > STRETCH ? i + STRETCH : to;
            // Only the low 6 bits of s matter: a long shift reads no more of its distance.
            int s = state;
            for (; i < stop; i++) {
                s = (int) (ROWS[array[i] & 0xFF] >>> s);
            }
            if ((s & STATE_MASK) == REJECT) {
                // RFC 6455 §8.1: an endpoint that finds invalid UTF-8 MUST Fail the WebSocket Connection
                throw locate(array, start, state, base);
            }
            state = s & STATE_MASK;
        }
        return state;
    }

    /** Returns the index of the first byte of the first 8-byte word, from {@code i}, that is not all ASCII. */
    private static int skipAscii(byte[] array, int i, int to) {
        while (i <= to - 32) {
            long word = (long) LONGS.get(array, i)
                | (long) LONGS.get(array, i + 8)
                | (long) LONGS.get(array, i + 16)
                | (long) LONGS.get(array, i + 24);
            if ((word & HIGH_BITS) != 0) {
                break;
            }
            i += 32;
        }
        while (i <= to - 8 && ((long) LONGS.get(array, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        return i;
    }

    /** Finds the byte that failed in a stretch that began at {@code i} in {@code state}, byte by byte. */
    private static ProtocolException locate(byte[] array, int i, int state, int base) {
        while (true) {
            int next = (int) (ROWS[array[i] & 0xFF] >>> state) & STATE_MASK;
            if (next == REJECT) {
                return invalid(state, array[i], i - base);
            }
            state = next;
            i++;
        }
    }

    /** Same as {@link #scan(byte[], int, int, int, int)} for a buffer without an accessible array. */
    private static int scan(ByteBuffer buffer, int from, int to, int state) {
        int i = from;
        while (i < to) {
            if (state == ACCEPT) {
                i = skipAscii(buffer, i, to);
                if (i == to) {
                    break;
                }
            }
            int start = i;
            int stop = to - i > STRETCH ? i + STRETCH : to;
            int s = state;
            for (; i < stop; i++) {
                s = (int) (ROWS[buffer.get(i) & 0xFF] >>> s);
            }
            if ((s & STATE_MASK) == REJECT) {
                // RFC 6455 §8.1: an endpoint that finds invalid UTF-8 MUST Fail the WebSocket Connection
                throw locate(buffer, start, state);
            }
            state = s & STATE_MASK;
        }
        return state;
    }

    private static int skipAscii(ByteBuffer buffer, int i, int to) {
        while (i <= to - 32) {
            long word = buffer.getLong(i) | buffer.getLong(i + 8) | buffer.getLong(i + 16) | buffer.getLong(i + 24);
            if ((word & HIGH_BITS) != 0) {
                break;
            }
            i += 32;
        }
        while (i <= to - 8 && (buffer.getLong(i) & HIGH_BITS) == 0) {
            i += 8;
        }
        return i;
    }

    private static ProtocolException locate(ByteBuffer buffer, int i, int state) {
        while (true) {
            int next = (int) (ROWS[buffer.get(i) & 0xFF] >>> state) & STATE_MASK;
            if (next == REJECT) {
                return invalid(state, buffer.get(i), i);
            }
            state = next;
            i++;
        }
    }

    private static ProtocolException invalid(int state, int b, int index) {
        String at = String.format("byte 0x%02X at index %d", b & 0xFF, index);
        boolean continuation = (b & 0b1100_0000) == 0b1000_0000;
        String what = switch (state) {
            case ACCEPT -> continuation ? "unexpected continuation " + at : at + " never starts a code point";
            case AFTER_E0 -> expected(at, "0xA0-0xBF", continuation ? " (overlong encoding)" : "");
            case AFTER_ED -> expected(at, "0x80-0x9F", continuation ? " (UTF-16 surrogate)" : "");
            case AFTER_F0 -> expected(at, "0x90-0xBF", continuation ? " (overlong encoding)" : "");
            case AFTER_F4 -> expected(at, "0x80-0x8F", continuation ? " (above U+10FFFF)" : "");
            default -> expected(at, "0x80-0xBF", "");
        };
        return new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8: " + what);
    }

    private static String expected(String at, String range, String reason) {
        return at + " where a continuation byte " + range + " was expected" + reason;
    }

    private static ProtocolException incomplete() {
        return new ProtocolException(CloseCode.INVALID_PAYLOAD, "Invalid UTF-8: text ends inside a code point");
    }
}
