package dev.wskit.transport;

import dev.wskit.handshake.HttpHeaders;
import java.io.IOException;

/**
 * An HTTP proxy did not open the tunnel a client asked for with {@code CONNECT} (RFC 9110 §9.3.6): it refused
 * (any status but 2xx, such as 407 when it wants credentials, RFC 9110 §15.5.8, or 403 for a target it does not
 * allow), sent something that is not an HTTP response, or closed the connection before it answered. Immutable;
 * the headers are not serialized with the exception.
 */
public final class ProxyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient HttpHeaders headers;

    /**
     * Creates the exception.
     *
     * @param status the proxy's status, or 0 when it gave none
     * @param headers the proxy's response headers, empty when it gave none
     * @param message what the proxy did, naming it and the target
     */
    public ProxyException(int status, HttpHeaders headers, String message) {
        super(message);
        this.status = status;
        this.headers = headers;
    }

    /**
     * Returns the status of the proxy's answer to {@code CONNECT}.
     *
     * @return the status, such as 407, or 0 when the proxy closed or sent no valid response
     */
    public int status() {
        return status;
    }

    /**
     * Returns the headers of the proxy's answer, such as {@code Proxy-Authenticate} with a 407.
     *
     * @return the headers, empty when there was no answer (or the exception was deserialized)
     */
    public HttpHeaders headers() {
        return headers == null ? HttpHeaders.EMPTY : headers;
    }
}
