package dev.wskit.handshake;

import java.util.Optional;

/**
 * A server's response that does not complete a client's opening handshake (RFC 6455 §4.1): the client MUST
 * fail the WebSocket connection. The message says what was expected and what came; the status tells a
 * 401, a 403 or a redirect (with its {@link #location()}) from a 101 that broke a rule.
 *
 * <p>Immutable once thrown; the response is not serialized with the exception.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String location;
    private final transient HandshakeResponse response;

    /**
     * Creates an exception without the response, as an extension negotiator does.
     *
     * @param status the response's status, 101 when only something other than the status was wrong
     * @param message what was expected and what came
     */
    public HandshakeException(int status, String message) {
        super(message);
        this.status = status;
        this.location = null;
        this.response = null;
    }

    /**
     * Creates an exception for a response, taking its status and, for a redirect, its {@code Location}.
     *
     * @param response the server's response
     * @param message what was expected and what came
     */
    public HandshakeException(HandshakeResponse response, String message) {
        super(message);
        this.status = response.status();
        this.location = status / 100 == 3 ? response.headers().firstOrNull(HeaderNames.LOCATION) : null;
        this.response = response;
    }

    /**
     * Returns the HTTP status of the response.
     *
     * @return the status, 101 when the status was right but something else was wrong
     */
    public int status() {
        return status;
    }

    /**
     * Returns where a redirect (3xx) points; a client follows it only when its application allows.
     *
     * @return the {@code Location} value, or empty when the status is not 3xx or the header is absent
     */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /**
     * Returns the response that failed the handshake.
     *
     * @return the response, or empty when it is not known (or the exception was deserialized)
     */
    public Optional<HandshakeResponse> response() {
        return Optional.ofNullable(response);
    }
}
