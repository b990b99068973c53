package dev.wskit.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Accept} values of the opening handshake
 * (RFC 6455 §4.1, §4.2.2): a client's random nonce and the server's proof that it read it. Stateless and
 * thread-safe.
 */
public final class AcceptKey {
    /** The GUID that §1.3 appends to the key before hashing. */
    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_LENGTH = 24;
    private static final int NONCE_BYTES = 16;
    /** A digest that is only ever cloned, which is cheaper than looking the algorithm up each time. */
    private static final MessageDigest SHA1 = lookUpSha1();

    private AcceptKey() {
    }

    /**
     * Generates a client's key: 16 random bytes, base64-encoded (§4.1).
     *
     * @param random where the bytes come from; it MUST be unpredictable, such as a {@code SecureRandom}
     * @return the key, 24 characters ending in {@code ==}
     */
    public static String generate(RandomGenerator random) {
        byte[] nonce = new byte[NONCE_BYTES];
        // RFC 6455 §4.1: the nonce MUST be selected randomly for each connection
        Objects.requireNonNull(random, "random").nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * Derives the {@code Sec-WebSocket-Accept} value for a key (§4.2.2 step 5.4): the base64 of the SHA-1 of
     * the key followed by the GUID of §1.3.
     *
     * @param key the client's {@code Sec-WebSocket-Key}, as received
     * @return the accept value, 28 characters
     */
    public static String derive(String key) {
        MessageDigest sha1 = sha1();
        sha1.update(key.getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(sha1.digest(GUID));
    }

    /**
     * Tells whether a key is valid (§4.2.1 item 5): base64 that decodes to exactly 16 bytes.
     *
     * @param key the received {@code Sec-WebSocket-Key}
     * @return true for 22 base64 characters followed by {@code ==}
     */
    public static boolean isValid(String key) {
        if (key.length() != KEY_LENGTH || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            if (!isBase64(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    private static MessageDigest sha1() {
        try {
            return (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha1();
        }
    }

    private static MessageDigest lookUpSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must support SHA-1", e);
        }
    }
}
