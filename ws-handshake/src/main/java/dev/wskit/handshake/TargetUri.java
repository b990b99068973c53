package dev.wskit.handshake;

import java.net.URI;
import java.util.Locale;

/**
 * A WebSocket URI (RFC 6455 §3) taken apart into what the opening handshake needs: whether it uses TLS, the
 * {@code Host} value and the request-target. Immutable and thread-safe.
 *
 * @param secure true for {@code wss}
 * @param host the {@code Host} value: the host, brackets kept for IPv6, and the port when not the default
 * @param target the request-target: the path, {@code /} when empty, and the query
 */
record TargetUri(boolean secure, String host, String target) {

    /**
     * Takes a URI apart.
     *
     * @param uri a {@code ws://} or {@code wss://} URI
     * @return its parts
     * @throws IllegalArgumentException when the URI is not a WebSocket URI
     */
    static TargetUri of(URI uri) {
        URI ascii = URI.create(uri.toASCIIString());
        String scheme = ascii.getScheme() == null ? "" : ascii.getScheme().toLowerCase(Locale.ROOT);
        // RFC 6455 §3: ws-URI and wss-URI are the only schemes
        if (ascii.isOpaque() || !(scheme.equals("ws") || scheme.equals("wss"))) {
            throw new IllegalArgumentException("Expected a ws:// or wss:// URI but was " + uri);
        }
        // RFC 6455 §3: fragment identifiers MUST NOT be used on these URIs
        if (ascii.getRawFragment() != null) {
            throw new IllegalArgumentException("WebSocket URI with a fragment: " + uri);
        }
        if (ascii.getRawUserInfo() != null) {
            throw new IllegalArgumentException("WebSocket URI with user information: " + uri);
        }
        if (ascii.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URI without a valid host: " + uri);
        }
        if (ascii.getPort() > 0xFFFF) {
            throw new IllegalArgumentException("Port out of range 0-65535: " + uri);
        }
        boolean secure = scheme.equals("wss");
        return new TargetUri(secure, host(ascii, secure), target(ascii));
    }

    /** The Host value (RFC 9110 §7.2), the port omitted when it is the scheme's default (§3: 80 and 443). */
    private static String host(URI uri, boolean secure) {
        int port = uri.getPort();
        if (port < 0 || port == (secure ? 443 : 80)) {
            return uri.getHost();
        }
        return uri.getHost() + ':' + port;
    }

    /** The resource name of RFC 6455 §3: "/" when the path is empty, then "?" and the query if any. */
    private static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + '?' + uri.getRawQuery();
    }
}
