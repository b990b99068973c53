package dev.wskit.transport;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Answers an HTTP proxy's 407 refusal of a {@code CONNECT} tunnel (RFC 9110 §15.5.8) with credentials of any
 * scheme, Basic or not: given the refusal and its {@code Proxy-Authenticate} challenges (RFC 9110 §11.7.1), it
 * returns the {@code Proxy-Authorization} value (RFC 9110 §11.7.2) to retry with. A connect asks it at most once:
 * the retry goes over a new connection to the proxy (which may close after its 407), and a second 407 fails the
 * connect with its {@link ProxyException}. Implementations are thread-safe; they may be called on a transport
 * thread and must not block.
 */
@FunctionalInterface
public interface ProxyChallengeHandler {
    /**
     * Answers a proxy's challenge.
     *
     * @param proxy the proxy that refused, as the configuration's selector named it
     * @param refusal the 407, with its headers ({@link ProxyException#headers()}: every
     *     {@code Proxy-Authenticate} field the proxy sent) and a message naming the proxy and the target
     * @return the {@code Proxy-Authorization} value for one more {@code CONNECT}, or empty to give up with the
     *     refusal
     */
    Optional<String> onChallenge(InetSocketAddress proxy, ProxyException refusal);
}
