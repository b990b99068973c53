package dev.wskit.codec;

/**
 * A frame opcode as defined by RFC 6455 §5.2 (the 4-bit field) and §11.8 (the registry).
 *
 * <p>Reserved opcodes (3–7 and 11–15) have no constant: {@link #lookup(int)} answers {@code null} for them
 * and the decoder fails such frames with 1002, as §5.2 requires. Immutable and thread-safe.
 */
public enum Opcode {
    /** A continuation frame of a fragmented message (§5.4). */
    CONTINUATION(0x0),
    /** The first frame of a text message (§5.6). */
    TEXT(0x1),
    /** The first frame of a binary message (§5.6). */
    BINARY(0x2),
    /** A Close control frame (§5.5.1). */
    CLOSE(0x8),
    /** A Ping control frame (§5.5.2). */
    PING(0x9),
    /** A Pong control frame (§5.5.3). */
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /**
     * Returns the 4-bit wire value.
     *
     * @return the opcode's value on the wire, 0 to 15
     */
    public int code() {
        return code;
    }

    /**
     * Tells whether this is a control opcode (most significant opcode bit set, §5.5).
     *
     * @return true for CLOSE, PING and PONG
     */
    public boolean isControl() {
        return (code & 0b1000) != 0;
    }

    /**
     * Tells whether this opcode starts a data message (§5.6).
     *
     * @return true for TEXT and BINARY
     */
    public boolean isDataStart() {
        return this == TEXT || this == BINARY;
    }

    /**
     * Finds the opcode for a 4-bit wire value by table lookup.
     *
     * @param code the wire value; only its low 4 bits are read
     * @return the opcode, or {@code null} when the value is reserved
     */
    public static Opcode lookup(int code) {
        return BY_CODE[code & 0b1111];
    }
}
