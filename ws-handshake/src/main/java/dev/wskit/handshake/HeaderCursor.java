package dev.wskit.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a header value by the list, token and quoted-string rules of RFC 9110 §5.6, failing with an
 * {@link IllegalArgumentException} that names the header, the position and what was expected. Not
 * thread-safe: one cursor per value.
 */
final class HeaderCursor {
    private final String header;
    private final String text;
    private int at;

    /**
     * Starts at the beginning of a value.
     *
     * @param header the header's name, for messages
     * @param text the value
     */
    HeaderCursor(String header, String text) {
        this.header = header;
        this.text = text;
    }

    /**
     * Reads a list of one or more elements (RFC 9110 §5.6.1: {@code 1#element}), skipping the empty
     * elements that a recipient MUST accept.
     *
     * @param <T> the element type
     * @param element reads one element from this cursor
     * @return the elements in order
     * @throws IllegalArgumentException when the list is malformed or has no element
     */
    <T> List<T> list(Function<HeaderCursor, T> element) {
        List<T> items = new ArrayList<>(4);
        while (true) {
            skipOws();
            while (skip(',')) {
                skipOws();
            }
            if (atEnd()) {
                break;
            }
            items.add(element.apply(this));
            skipOws();
            if (atEnd()) {
                break;
            }
            if (!skip(',')) {
                throw fail("',' or the end");
            }
        }
        if (items.isEmpty()) {
            throw fail("at least one element");
        }
        return items;
    }

    /**
     * Tells whether the whole value was read.
     *
     * @return true at the end
     */
    boolean atEnd() {
        return at == text.length();
    }

    /** Skips optional whitespace (RFC 9110 §5.6.3). */
    void skipOws() {
        while (at < text.length() && Tokens.isOws(text.charAt(at))) {
            at++;
        }
    }

    /**
     * Consumes a character when it comes next.
     *
     * @param c the expected character
     * @return true when it was there and consumed
     */
    boolean skip(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    /**
     * Reads a token (RFC 9110 §5.6.2).
     *
     * @param what what the token is, for the message
     * @return the token
     * @throws IllegalArgumentException when no token comes next
     */
    String token(String what) {
        int start = at;
        while (at < text.length() && Tokens.isTchar(text.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw fail(what);
        }
        return text.substring(start, at);
    }

    /**
     * Reads a token or a quoted-string (RFC 9110 §5.6.4), returning the quoted string's content unescaped.
     *
     * @param what what the value is, for the message
     * @return the token or the unquoted content
     * @throws IllegalArgumentException when neither comes next
     */
    String tokenOrQuoted(String what) {
        if (!skip('"')) {
            return token(what);
        }
        StringBuilder content = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return content.toString();
            }
            if (c == '\\' && at < text.length()) {
                c = text.charAt(at++);
            }
            if (!Tokens.isFieldChar(c)) {
                at--;
                throw fail("a quoted-string character");
            }
            content.append(c);
        }
        throw fail("the closing '\"' of a quoted-string");
    }

    /**
     * Builds the exception for what came instead of the expected.
     *
     * @param expected what the grammar wanted here
     * @return the exception to throw
     */
    IllegalArgumentException fail(String expected) {
        return new IllegalArgumentException("Malformed " + header + ": expected " + expected + " at index "
            + at + " of " + Tokens.quote(text));
    }
}
