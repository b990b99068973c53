package dev.wskit.codec;

/**
 * A close status code (RFC 6455 §7.4): a 16-bit number, open-ended because applications register their own
 * (3000–3999) or use private ones (4000–4999).
 *
 * <p>{@link #isValidOnWire()} is the rule a receiver applies (§7.4.1, §7.4.2, and the IANA registry of §11.7);
 * {@link #isSendable()} is the stricter rule the browser's {@code close(code, reason)} applies to
 * applications. Immutable and thread-safe.
 *
 * @param code the numeric status code, 0 to 65535
 */
public record CloseCode(int code) {
    /** 1000: the purpose of the connection has been fulfilled. */
    public static final CloseCode NORMAL_CLOSURE = new CloseCode(1000);
    /** 1001: an endpoint is going away (server shutdown, page navigation). */
    public static final CloseCode GOING_AWAY = new CloseCode(1001);
    /** 1002: the peer broke the protocol. */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002);
    /** 1003: a type of data the endpoint cannot accept. */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003);
    /** 1005: no status code was present; reported locally, never sent (§7.4.1). */
    public static final CloseCode NO_STATUS_RECEIVED = new CloseCode(1005);
    /** 1006: the connection closed without a Close frame; reported locally, never sent (§7.4.1). */
    public static final CloseCode ABNORMAL_CLOSURE = new CloseCode(1006);
    /** 1007: data inconsistent with the message type, such as bad UTF-8 in a text message. */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007);
    /** 1008: a message that violates the endpoint's policy. */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008);
    /** 1009: a message too big to process. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009);
    /** 1010: the client needed an extension that the server did not agree to. */
    public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010);
    /** 1011: the server met an unexpected condition. */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011);
    /** 1012: the service is restarting (IANA registry). */
    public static final CloseCode SERVICE_RESTART = new CloseCode(1012);
    /** 1013: try again later, the server is overloaded (IANA registry). */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013);
    /** 1014: a gateway received an invalid response (IANA registry). */
    public static final CloseCode BAD_GATEWAY = new CloseCode(1014);
    /** 1015: the TLS handshake failed; reported locally, never sent (§7.4.1). */
    public static final CloseCode TLS_HANDSHAKE = new CloseCode(1015);

    private static final CloseCode[] REGISTERED = {
        NORMAL_CLOSURE, GOING_AWAY, PROTOCOL_ERROR, UNSUPPORTED_DATA, null, NO_STATUS_RECEIVED,
        ABNORMAL_CLOSURE, INVALID_PAYLOAD, POLICY_VIOLATION, MESSAGE_TOO_BIG, MANDATORY_EXTENSION,
        INTERNAL_ERROR, SERVICE_RESTART, TRY_AGAIN_LATER, BAD_GATEWAY, TLS_HANDSHAKE
    };

    /**
     * Checks the range of the code.
     *
     * @throws IllegalArgumentException when the code does not fit in 16 unsigned bits
     */
    public CloseCode {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("Close code out of range 0-65535: " + code);
        }
    }

    /**
     * Returns the close code for a number, sharing the constants for registered codes.
     *
     * @param code the numeric status code
     * @return the close code
     * @throws IllegalArgumentException when the code does not fit in 16 unsigned bits
     */
    public static CloseCode of(int code) {
        int index = code - 1000;
        if (index >= 0 && index < REGISTERED.length && REGISTERED[index] != null) {
            return REGISTERED[index];
        }
        return new CloseCode(code);
    }

    /**
     * Tells whether a peer may put this code in a Close frame (§7.4.1, §7.4.2): 1000–1003, 1007–1014 and
     * 3000–4999. Codes below 1000, 1004–1006, 1015, the unassigned 1016–2999 and 5000 and above are not.
     *
     * @return true when the code is acceptable in a received or sent Close frame
     */
    public boolean isValidOnWire() {
        return (code >= 1000 && code <= 1003)
            || (code >= 1007 && code <= 1014)
            || (code >= 3000 && code <= 4999);
    }

    /**
     * Tells whether an application may close with this code, as the browser's {@code WebSocket.close}
     * allows: 1000, or 3000–4999.
     *
     * @return true when an application may send this code
     */
    public boolean isSendable() {
        return code == 1000 || (code >= 3000 && code <= 4999);
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
