package dev.wskit.handshake;

import java.util.List;

/**
 * Whose order of preference decides the subprotocol when a client offers several that the server supports
 * (RFC 6455 §4.2.2 step 5.4: the server selects one of the client's values, or none). Immutable and
 * thread-safe.
 */
public enum SubprotocolSelection {
    /** The first of the server's subprotocols that the client offered. */
    SERVER_PREFERENCE,
    /** The first of the client's subprotocols that the server supports. */
    CLIENT_PREFERENCE;

    /**
     * Selects a subprotocol.
     *
     * @param supported the server's subprotocols, in its order of preference
     * @param offered the client's subprotocols, in its order of preference
     * @return the selected subprotocol, or {@code null} when none is common
     */
    String select(List<String> supported, List<String> offered) {
        List<String> preferred = this == SERVER_PREFERENCE ? supported : offered;
        List<String> other = this == SERVER_PREFERENCE ? offered : supported;
        for (String subprotocol : preferred) {
            if (other.contains(subprotocol)) {
                return subprotocol;
            }
        }
        return null;
    }
}
