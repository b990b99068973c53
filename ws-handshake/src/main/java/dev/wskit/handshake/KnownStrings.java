package dev.wskit.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decodes header names and values, returning a shared constant for the strings that nearly every opening
 * handshake carries, so that parsing a browser's request allocates a string only for what varies. Finding a
 * constant costs about one probe of an open-addressing table keyed by the length and three of the bytes.
 * Immutable and thread-safe.
 */
final class KnownStrings {
    /** Header names as browsers, servers and proxies spell them, and their lower-case forms. */
    static final KnownStrings NAMES = new KnownStrings(withLowerCase(
        "Host", "Upgrade", "Connection", "Origin", "Pragma", "Cache-Control", "User-Agent", "Accept",
        "Accept-Encoding", "Accept-Language", "Cookie", "Authorization", "Sec-WebSocket-Key",
        "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept",
        "Content-Length", "Content-Type", "Date", "Server", "Set-Cookie", "Location", "Forwarded",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "Via"));

    /** Start-line parts and header values that recur in handshakes. */
    static final KnownStrings VALUES = new KnownStrings(
        "GET", "HTTP/1.1", "HTTP/1.0", "Switching Protocols", "websocket", "WebSocket", "Upgrade", "upgrade",
        "keep-alive, Upgrade", "13", "no-cache", "gzip, deflate", "gzip, deflate, br", "gzip, deflate, br, zstd",
        "permessage-deflate", "permessage-deflate; client_max_window_bits", "*/*");

    /** The constants in their slots, {@code null} where a slot is free. */
    private final String[] strings;
    /** Their ISO-8859-1 bytes, in the same slots. */
    private final byte[][] bytes;
    private final int mask;

    private KnownStrings(String... constants) {
        int size = Integer.highestOneBit(constants.length * 8);
        strings = new String[size];
        bytes = new byte[size][];
        mask = size - 1;
        for (String constant : constants) {
            byte[] encoded = constant.getBytes(StandardCharsets.ISO_8859_1);
            int slot = slot(encoded, 0, encoded.length);
            while (strings[slot] != null) {
                slot = (slot + 1) & mask;
            }
            strings[slot] = constant;
            bytes[slot] = encoded;
        }
    }

    /**
     * Decodes ISO-8859-1 bytes, each byte one character.
     *
     * @param text the array holding the text
     * @param from the index of the first byte
     * @param length the number of bytes
     * @return a shared constant when the bytes spell a known string exactly, else a new string
     */
    String decode(byte[] text, int from, int length) {
        String known = find(text, from, length);
        return known != null ? known : new String(text, from, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Finds the constant that ISO-8859-1 bytes spell.
     *
     * @param text the array holding the text
     * @param from the index of the first byte
     * @param length the number of bytes
     * @return the shared constant, or {@code null} when the bytes spell none exactly
     */
    String find(byte[] text, int from, int length) {
        for (int slot = slot(text, from, length); strings[slot] != null; slot = (slot + 1) & mask) {
            byte[] candidate = bytes[slot];
            if (candidate.length == length && Arrays.equals(candidate, 0, length, text, from, from + length)) {
                return strings[slot];
            }
        }
        return null;
    }

    /** Picks the first slot to probe from the length and three bytes, in constant time. */
    private int slot(byte[] text, int from, int length) {
        if (length == 0) {
            return 0;
        }
        int key = length << 24 ^ text[from] << 16 ^ text[from + length / 2] << 8 ^ text[from + length - 1];
        return (key * 0x9E37_79B9 >>> 16) & mask;
    }

    private static String[] withLowerCase(String... names) {
        return Arrays.stream(names)
            .flatMap(name -> Stream.of(name, name.toLowerCase(Locale.ROOT).intern()))
            .distinct()
            .toArray(String[]::new);
    }
}
