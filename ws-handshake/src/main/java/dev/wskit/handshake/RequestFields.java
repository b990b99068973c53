package dev.wskit.handshake;

import static dev.wskit.handshake.HeaderNames.CONNECTION;
import static dev.wskit.handshake.HeaderNames.HOST;
import static dev.wskit.handshake.HeaderNames.ORIGIN;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_EXTENSIONS;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_KEY;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_PROTOCOL;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_VERSION;
import static dev.wskit.handshake.HeaderNames.UPGRADE;

import java.util.Arrays;
import java.util.List;

/**
 * The header fields of a handshake request that a server looks at (RFC 6455 §4.2.1), found in one pass
 * over the headers rather than one search per question. Only the names listed in {@link #TRACKED} may be
 * asked about. Not thread-safe; made and used within one evaluation.
 */
final class RequestFields {
    /** The names looked at; their lengths are distinct, so the length alone picks the slot. */
    private static final List<String> TRACKED = List.of(HOST, UPGRADE, CONNECTION, ORIGIN, SEC_WEBSOCKET_KEY,
        SEC_WEBSOCKET_VERSION, SEC_WEBSOCKET_PROTOCOL, SEC_WEBSOCKET_EXTENSIONS);
    /** The slot of each name length, -1 for lengths no tracked name has. */
    private static final int[] SLOTS = slots();

    private final HttpHeaders headers;
    /** The index of each tracked field's first line, or -1. */
    private final int[] first = new int[TRACKED.size()];
    private final int[] counts = new int[TRACKED.size()];

    /**
     * Finds the tracked fields.
     *
     * @param headers the request's header fields
     */
    RequestFields(HttpHeaders headers) {
        this.headers = headers;
        Arrays.fill(first, -1);
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            int slot = name.length() < SLOTS.length ? SLOTS[name.length()] : -1;
            if (slot >= 0 && name.equalsIgnoreCase(TRACKED.get(slot)) && counts[slot]++ == 0) {
                first[slot] = i;
            }
        }
    }

    /**
     * Counts the lines of a tracked field.
     *
     * @param name a tracked name
     * @return how many lines have it
     */
    int count(String name) {
        return counts[slot(name)];
    }

    /**
     * Returns the value of a tracked field's first line.
     *
     * @param name a tracked name
     * @return the value, or {@code null} when absent
     */
    String firstOrNull(String name) {
        int index = first[slot(name)];
        return index < 0 ? null : headers.value(index);
    }

    /**
     * Returns a tracked field's lines combined (RFC 9110 §5.3).
     *
     * @param name a tracked name
     * @return the value, or {@code null} when absent
     */
    String combinedOrNull(String name) {
        return count(name) > 1 ? headers.combinedOrNull(name) : firstOrNull(name);
    }

    /**
     * Tells whether a tracked list-valued field holds a token, ignoring case (RFC 9110 §5.6.1).
     *
     * @param name a tracked name
     * @param token the element to look for
     * @return true when found on any line
     */
    boolean containsToken(String name, String token) {
        if (count(name) > 1) {
            return headers.containsToken(name, token);
        }
        String value = firstOrNull(name);
        return value != null && Tokens.listContains(value, token);
    }

    /**
     * Describes a tracked field for a message.
     *
     * @param name a tracked name
     * @return the quoted combined value, or {@code absent}
     */
    String describe(String name) {
        String value = combinedOrNull(name);
        return value == null ? "absent" : Tokens.quote(value);
    }

    private static int slot(String tracked) {
        return SLOTS[tracked.length()];
    }

    private static int[] slots() {
        int[] slots = new int[TRACKED.stream().mapToInt(String::length).max().orElseThrow() + 1];
        Arrays.fill(slots, -1);
        for (int slot = 0; slot < TRACKED.size(); slot++) {
            slots[TRACKED.get(slot).length()] = slot;
        }
        return slots;
    }
}
