package dev.wskit.handshake;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Sec-WebSocket-Protocol} header (RFC 6455 §4.1, §11.3.4): a client's subprotocols in order of
 * preference, or the one a server selected. Each is a token, and a list holds each at most once.
 * Stateless and thread-safe.
 */
public final class Subprotocols {
    private static final String HEADER = "Sec-WebSocket-Protocol";

    private Subprotocols() {
    }

    /**
     * Parses a {@code Sec-WebSocket-Protocol} value, with the lines of a repeated header combined by commas.
     *
     * @param headerValue the header's value
     * @return the subprotocols in order, never empty
     * @throws IllegalArgumentException when an element is not a token, a subprotocol repeats, or there is
     *     none
     */
    public static List<String> parse(String headerValue) {
        return validate(new HeaderCursor(HEADER, headerValue).list(cursor -> cursor.token("a subprotocol token")));
    }

    /**
     * Formats subprotocols as a {@code Sec-WebSocket-Protocol} value.
     *
     * @param subprotocols the subprotocols in order
     * @return such as {@code chat, superchat}
     * @throws IllegalArgumentException when the list is empty, an element is not a token, or one repeats
     */
    public static String format(List<String> subprotocols) {
        if (subprotocols.isEmpty()) {
            throw new IllegalArgumentException("No subprotocol to format");
        }
        return String.join(", ", validate(subprotocols));
    }

    /**
     * Checks a list of subprotocols: tokens (§4.1: characters U+0021 to U+007E without separators), each
     * at most once.
     *
     * @param subprotocols the list
     * @return an immutable copy of the list
     * @throws IllegalArgumentException when an element is not a token or repeats
     */
    static List<String> validate(List<String> subprotocols) {
        Set<String> seen = new HashSet<>();
        for (String subprotocol : subprotocols) {
            Tokens.requireToken(subprotocol, "Subprotocol");
            // RFC 6455 §4.1: the subprotocols a client requests MUST be unique
            if (!seen.add(subprotocol)) {
                throw new IllegalArgumentException("Subprotocol listed twice: " + Tokens.quote(subprotocol));
            }
        }
        return List.copyOf(subprotocols);
    }
}
