package dev.wskit.pubsub.spi;

/**
 * A backplane could not hand a published message on to the other nodes, typically because its broker is
 * unreachable. The message was still delivered to the publishing node's own subscribers; it is not retried.
 */
public final class BackplaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was not forwarded, and why
     * @param cause the broker client's error
     */
    public BackplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
