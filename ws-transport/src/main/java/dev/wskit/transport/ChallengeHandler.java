package dev.wskit.transport;

import dev.wskit.handshake.HandshakeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers a server's 401 refusal of an opening handshake (RFC 6455 §4.1 lets the server demand HTTP
 * authentication; RFC 9110 §11.6.1): given the refusal and its {@code WWW-Authenticate} challenge, it returns
 * the {@code Authorization} value to retry with, once. Implementations are thread-safe; they may be called on a
 * transport thread and must not block.
 */
@FunctionalInterface
public interface ChallengeHandler {
    /**
     * Answers a challenge.
     *
     * @param uri the URI that was refused
     * @param refusal the 401, with its headers ({@code WWW-Authenticate}) and the start of its body
     * @return the {@code Authorization} value for one more attempt, or empty to give up with the refusal
     */
    Optional<String> onChallenge(URI uri, HandshakeException refusal);

    /**
     * Returns a handler that answers every challenge with Basic credentials (RFC 7617).
     *
     * @param user the user id, without a colon
     * @param password the password
     * @return the handler
     * @throws IllegalArgumentException when the user id contains a colon
     */
    static ChallengeHandler basic(String user, String password) {
        String value = basicAuthorization(user, password);
        return (uri, refusal) -> Optional.of(value);
    }

    /**
     * Formats Basic credentials (RFC 7617 §2) as an {@code Authorization} value, their text in UTF-8.
     *
     * @param user the user id, without a colon
     * @param password the password
     * @return {@code Basic} and the encoded credentials
     * @throws IllegalArgumentException when the user id contains a colon
     */
    static String basicAuthorization(String user, String password) {
        // RFC 7617 §2: a user-id containing a colon character is invalid
        if (Objects.requireNonNull(user, "user").indexOf(':') >= 0) {
            throw new IllegalArgumentException("User id contains a colon: " + user);
        }
        String pair = user + ':' + Objects.requireNonNull(password, "password");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
