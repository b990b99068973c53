package dev.wskit.codec;

import java.util.Objects;

/**
 * A violation of RFC 6455 (or of a negotiated extension, or of a configured limit) by the peer, carrying the
 * close code with which the connection must be failed (§7.1.7, §7.4.1).
 *
 * <p>Unchecked, because a listener called by a decoder may raise it too. Immutable once thrown.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The close code, stored as an int so the exception stays serializable. */
    private final int closeCode;

    /**
     * Creates an exception for a peer's violation.
     *
     * @param closeCode the code to fail the connection with, such as {@link CloseCode#PROTOCOL_ERROR}
     * @param message what was wrong, naming the offending value
     */
    public ProtocolException(CloseCode closeCode, String message) {
        super(message);
        this.closeCode = Objects.requireNonNull(closeCode, "closeCode").code();
    }

    /**
     * Creates an exception for a peer's violation that another exception revealed.
     *
     * @param closeCode the code to fail the connection with
     * @param message what was wrong
     * @param cause the underlying failure (for example a {@code DataFormatException} from an inflater)
     */
    public ProtocolException(CloseCode closeCode, String message, Throwable cause) {
        super(message, cause);
        this.closeCode = Objects.requireNonNull(closeCode, "closeCode").code();
    }

    /**
     * Returns the code with which the connection is failed.
     *
     * @return the close code
     */
    public CloseCode closeCode() {
        return CloseCode.of(closeCode);
    }
}
