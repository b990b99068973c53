package dev.wskit.benchmarks.compare;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Writes indented JSON (RFC 8259) text: objects, arrays, strings, numbers, booleans, with commas and escapes
 * handled. Non-finite numbers become {@code null}. Not thread-safe.
 */
final class JsonText {
    /** Six significant digits: more than any benchmark figure deserves. */
    private static final MathContext PRECISION = new MathContext(6);

    private final StringBuilder out = new StringBuilder();
    private final Deque<Boolean> hasMembers = new ArrayDeque<>();
    private boolean afterName;

    /**
     * Opens an object.
     *
     * @return this
     */
    JsonText beginObject() {
        return open('{');
    }

    /**
     * Closes the innermost object.
     *
     * @return this
     */
    JsonText endObject() {
        return close('}');
    }

    /**
     * Opens an array.
     *
     * @return this
     */
    JsonText beginArray() {
        return open('[');
    }

    /**
     * Closes the innermost array.
     *
     * @return this
     */
    JsonText endArray() {
        return close(']');
    }

    /**
     * Writes a member's name; its value follows.
     *
     * @param name the name
     * @return this
     */
    JsonText name(String name) {
        separate();
        quote(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    /**
     * Writes a string.
     *
     * @param value the string
     * @return this
     */
    JsonText value(String value) {
        separate();
        quote(value);
        return this;
    }

    /**
     * Writes an integer.
     *
     * @param value the number
     * @return this
     */
    JsonText value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /**
     * Writes a number with six significant digits, or {@code null} when not finite.
     *
     * @param value the number
     * @return this
     */
    JsonText value(double value) {
        separate();
        out.append(Double.isFinite(value)
            ? BigDecimal.valueOf(value).round(PRECISION).stripTrailingZeros().toPlainString() : "null");
        return this;
    }

    /**
     * Writes a boolean.
     *
     * @param value the boolean
     * @return this
     */
    JsonText value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    /**
     * Writes a member with a string value.
     *
     * @param name the name
     * @param value the value
     * @return this
     */
    JsonText member(String name, String value) {
        return name(name).value(value);
    }

    /**
     * Writes a member with an integer value.
     *
     * @param name the name
     * @param value the value
     * @return this
     */
    JsonText member(String name, long value) {
        return name(name).value(value);
    }

    /**
     * Writes a member with a number value.
     *
     * @param name the name
     * @param value the value
     * @return this
     */
    JsonText member(String name, double value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out + "\n";
    }

    private JsonText open(char bracket) {
        separate();
        out.append(bracket);
        hasMembers.push(false);
        return this;
    }

    private JsonText close(char bracket) {
        boolean any = hasMembers.pop();
        if (any) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!hasMembers.isEmpty()) {
            if (hasMembers.peek()) {
                out.append(',');
            }
            hasMembers.pop();
            hasMembers.push(true);
            newline();
        }
    }

    private void newline() {
        out.append('\n').append("  ".repeat(hasMembers.size()));
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }
}
