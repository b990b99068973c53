package dev.wskit.handshake;

import java.util.Arrays;
import java.util.Optional;

/**
 * A server's response that does not complete a client's opening handshake (RFC 6455 §4.1): the client MUST
 * fail the WebSocket connection. The message says what was expected and what came; the status tells a
 * 401, a 403 or a redirect (with its {@link #location()}) from a 101 that broke a rule.
 *
 * <p>A refused handshake's response may come with a body (an error page, a JSON reason): a client keeps its
 * first bytes, at most {@link #MAX_BODY} of them, in {@link #body()}. Immutable once thrown; the response is
 * not serialized with the exception.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The most bytes of a refused response's body an exception keeps: 4 KiB. */
    public static final int MAX_BODY = 4096;

    private final int status;
    private final String location;
    private final transient HandshakeResponse response;
    private final byte[] body;

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
        this.body = new byte[0];
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
        this.body = new byte[0];
    }

    private HandshakeException(HandshakeException without, byte[] body) {
        super(without.getMessage(), without.getCause());
        this.status = without.status;
        this.location = without.location;
        this.response = without.response;
        this.body = Arrays.copyOf(body, Math.min(body.length, MAX_BODY));
    }

    /**
     * Returns a copy of this exception that carries the first bytes of the response's body.
     *
     * @param body the body's bytes as received; only the first {@link #MAX_BODY} are kept
     * @return the new exception, with this one's message, status, response and cause
     */
    public HandshakeException withBody(byte[] body) {
        return new HandshakeException(this, body);
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

    /**
     * Returns the response's header fields.
     *
     * @return the headers, empty when the response is not known
     */
    public HttpHeaders headers() {
        return response == null ? HttpHeaders.EMPTY : response.headers();
    }

    /**
     * Returns the first bytes of the response's body, as received (a chunked body's chunks undecoded).
     *
     * @return a copy of at most {@link #MAX_BODY} bytes, empty when there was no body or none was kept
     */
    public byte[] body() {
        return body.clone();
    }
}
