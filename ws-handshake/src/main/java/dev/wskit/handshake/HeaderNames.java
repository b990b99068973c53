package dev.wskit.handshake;

import java.util.List;

/**
 * The header names of the opening handshake (RFC 6455 §11.3, RFC 9110) and the rule that an application's
 * own headers may not replace the ones the handshake manages. Stateless and thread-safe.
 */
final class HeaderNames {
    static final String HOST = "Host";
    static final String UPGRADE = "Upgrade";
    static final String CONNECTION = "Connection";
    static final String ORIGIN = "Origin";
    static final String LOCATION = "Location";
    static final String ALLOW = "Allow";
    static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The one version of the protocol (§4.1, §11.6). */
    static final String VERSION_13 = "13";

    /** The headers a client request carries that an application may not set itself. */
    static final List<String> CLIENT_MANAGED = List.of(HOST, UPGRADE, CONNECTION, ORIGIN, SEC_WEBSOCKET_KEY,
        SEC_WEBSOCKET_VERSION, SEC_WEBSOCKET_PROTOCOL, SEC_WEBSOCKET_EXTENSIONS, "Content-Length",
        "Transfer-Encoding");

    /** The headers a server response carries that an application may not set itself. */
    static final List<String> SERVER_MANAGED = List.of(UPGRADE, CONNECTION, SEC_WEBSOCKET_ACCEPT,
        SEC_WEBSOCKET_VERSION, SEC_WEBSOCKET_PROTOCOL, SEC_WEBSOCKET_EXTENSIONS, "Content-Length",
        "Transfer-Encoding");

    private HeaderNames() {
    }

    /**
     * Checks that an application's headers leave the managed ones alone.
     *
     * @param headers the application's headers
     * @param managed the names the handshake sets
     * @return the headers
     * @throws IllegalArgumentException naming the first managed header found
     */
    static HttpHeaders requireUnmanaged(HttpHeaders headers, List<String> managed) {
        for (String name : managed) {
            if (headers.contains(name)) {
                throw new IllegalArgumentException("Header " + name + " is set by the handshake, not the application");
            }
        }
        return headers;
    }
}
