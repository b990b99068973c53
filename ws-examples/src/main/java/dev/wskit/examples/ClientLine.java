package dev.wskit.examples;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One line of the client's input, typed, piped or given with {@code -x}: a text message, or a command that
 * starts with {@code /}. Immutable.
 *
 * <pre>
 *   any text          a text message
 *   //text            a text message that starts with "/" (one slash is dropped)
 *   /hex 48 69        a binary message, its bytes in hex (spaces allowed)
 *   /base64 SGk=      a binary message, its bytes in base64
 *   /ping [text]      a Ping with that payload
 *   /pong [text]      an unsolicited Pong with that payload
 *   /close [code [reason]]   the close handshake; any code valid on the wire, 1001 included
 * </pre>
 */
sealed interface ClientLine {
    /** The typed commands, for the usage text and for error messages. */
    String COMMANDS = "/hex HEX  /base64 B64  /ping [text]  /pong [text]  /close [code [reason]]  //text";

    /** A text message. @param text the message */
    record Text(String text) implements ClientLine {
    }

    /** A binary message. @param data the bytes, not to be changed */
    record Binary(byte[] data) implements ClientLine {
    }

    /** A Ping. @param data its payload, at most 125 bytes */
    record Ping(byte[] data) implements ClientLine {
    }

    /** An unsolicited Pong. @param data its payload, at most 125 bytes */
    record Pong(byte[] data) implements ClientLine {
    }

    /** The start of the close handshake. @param code valid on the wire @param reason at most 123 bytes of UTF-8 */
    record Close(int code, String reason) implements ClientLine {
    }

    /**
     * Reads a line.
     *
     * @param line the line without its line terminator
     * @return what it asks for
     * @throws IllegalArgumentException when a command is unknown or its argument is not valid, with a
     *     message naming the offending value
     */
    static ClientLine parse(String line) {
        if (!line.startsWith("/")) {
            return new Text(line);
        }
        if (line.startsWith("//")) {
            return new Text(line.substring(1));
        }
        int space = line.indexOf(' ');
        String command = space < 0 ? line : line.substring(0, space);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        return switch (command) {
            case "/hex" -> new Binary(hex(argument));
            case "/base64" -> new Binary(base64(argument));
            case "/ping" -> new Ping(control(argument));
            case "/pong" -> new Pong(control(argument));
            case "/close" -> close(argument);
            default -> throw new IllegalArgumentException("Unknown command " + command + " (commands: " + COMMANDS
                + "); //" + line.substring(1) + " sends it as text");
        };
    }

    private static byte[] hex(String argument) {
        String digits = argument.replace(" ", "");
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not hex (pairs of 0-9 a-f): " + argument, e);
        }
    }

    private static byte[] base64(String argument) {
        try {
            return Base64.getDecoder().decode(argument.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not base64: " + argument, e);
        }
    }

    private static byte[] control(String argument) {
        byte[] data = argument.getBytes(StandardCharsets.UTF_8);
        // RFC 6455 §5.5: all control frames MUST have a payload length of 125 bytes or less
        if (data.length > 125) {
            throw new IllegalArgumentException("Control frame payload too long: " + data.length + " > 125 bytes");
        }
        return data;
    }

    private static Close close(String argument) {
        String[] parts = argument.split(" ", 2);
        String reason = parts.length > 1 ? parts[1] : "";
        return new Close(parts[0].isEmpty() ? 1000 : closeCode(parts[0]), closeReason(reason));
    }

    /**
     * Checks a close code the user chose: any code a peer may receive (RFC 6455 §7.4), not only the browser's
     * 1000 and 3000-4999, since a command-line client tests servers.
     *
     * @param text the code as typed
     * @return the code
     * @throws IllegalArgumentException when it is not a number or not valid on the wire
     */
    static int closeCode(String text) {
        int code;
        try {
            code = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Close code is not a number: " + text, e);
        }
        if (code < 0 || code > 0xFFFF || !CloseCode.of(code).isValidOnWire()) {
            // RFC 6455 §7.4.1: 1005, 1006 and 1015 MUST NOT be set as a status code in a Close frame
            throw new IllegalArgumentException("Close code not valid on the wire: " + code
                + " (use 1000-1003, 1007-1014 or 3000-4999)");
        }
        return code;
    }

    /**
     * Checks a close reason: it shares the 125-byte control payload with the 2-byte code (RFC 6455 §5.5).
     *
     * @param reason the reason
     * @return the reason
     * @throws IllegalArgumentException when it is longer than 123 bytes of UTF-8
     */
    static String closeReason(String reason) {
        return CloseReason.validate(reason);
    }
}
