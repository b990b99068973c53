package dev.wskit.transport.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A tunnel to ask an HTTP proxy for before the opening handshake: the {@code CONNECT} request (RFC 9110
 * §9.3.6) naming the target's host and port, with Basic credentials for the proxy when it wants them.
 *
 * @param proxy the proxy's host and port, for messages
 * @param host the target's host, without brackets
 * @param port the target's port
 * @param authorization the {@code Proxy-Authorization} value to send (RFC 9110 §11.7.2), or {@code null}
 */
public record ProxyTunnel(String proxy, String host, int port, String authorization) {
    /**
     * Returns the target in the request-target's authority form (RFC 9112 §3.2.3).
     *
     * @return {@code host:port}, an IPv6 host in brackets
     */
    public String authority() {
        return (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + port;
    }

    /**
     * Encodes the {@code CONNECT} request.
     *
     * @return a new buffer holding the request head
     */
    public ByteBuffer requestBytes() {
        String head = "CONNECT " + authority() + " HTTP/1.1\r\n"
            + "Host: " + authority() + "\r\n"
            + (authorization == null ? "" : "Proxy-Authorization: " + authorization + "\r\n")
            + "\r\n";
        return ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1));
    }
}
