package dev.wskit.handshake;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which origins a server accepts handshakes from (RFC 6455 §4.2.2 step 4, §10.2), to keep other sites'
 * pages from opening WebSockets in a visitor's name. A refused request is answered with 403.
 *
 * <p>The factories allow a request without {@code Origin}: only browsers send it, and a client that is not a
 * browser could send any value anyway. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface OriginPolicy {
    /**
     * Tells whether a request's origin is acceptable.
     *
     * @param request the handshake request, its {@code Origin} header being of most interest
     * @return true to go on with the handshake, false to answer 403
     */
    boolean allows(HandshakeRequest request);

    /**
     * Returns a policy that allows every origin, for servers that browsers do not reach or that check
     * credentials another way.
     *
     * @return the policy
     */
    static OriginPolicy allowAll() {
        return request -> true;
    }

    /**
     * Returns a policy that allows an origin whose host and port are those of the request's {@code Host}, as
     * when the page was served by the same server.
     *
     * @return the policy
     */
    static OriginPolicy sameOrigin() {
        return request -> {
            String origin = request.headers().firstOrNull(HeaderNames.ORIGIN);
            String host = request.headers().firstOrNull(HeaderNames.HOST);
            return origin == null || (host != null && isSameAuthority(origin, host));
        };
    }

    /**
     * Returns a policy that allows the listed origins, compared without regard to ASCII case.
     *
     * @param origins serialized origins (RFC 6454 §6.2), such as {@code https://example.com:8443}
     * @return the policy
     */
    static OriginPolicy allowList(Collection<String> origins) {
        Set<String> allowed = origins.stream()
            .map(origin -> Objects.requireNonNull(origin, "origin").toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
        return matching(origin -> allowed.contains(origin.toLowerCase(Locale.ROOT)));
    }

    /**
     * Returns a policy that allows the listed origins, compared without regard to ASCII case.
     *
     * @param origins serialized origins, such as {@code https://example.com}
     * @return the policy
     */
    static OriginPolicy allowList(String... origins) {
        return allowList(Arrays.asList(origins));
    }

    /**
     * Returns a policy that allows the origins a predicate accepts.
     *
     * @param test receives the {@code Origin} value, such as {@code https://example.com}
     * @return the policy
     */
    static OriginPolicy matching(Predicate<String> test) {
        Objects.requireNonNull(test, "test");
        return request -> {
            String origin = request.headers().firstOrNull(HeaderNames.ORIGIN);
            return origin == null || test.test(origin);
        };
    }

    private static boolean isSameAuthority(String origin, String host) {
        int separator = origin.indexOf("://");
        if (separator < 0) {
            return false;
        }
        String defaultPort = isScheme(origin, separator, "http") || isScheme(origin, separator, "ws") ? ":80"
            : isScheme(origin, separator, "https") || isScheme(origin, separator, "wss") ? ":443" : null;
        int authority = separator + 3;
        int authorityLength = lengthWithoutPort(origin, origin.length() - authority, defaultPort);
        int hostLength = lengthWithoutPort(host, host.length(), defaultPort);
        return authorityLength == hostLength && origin.regionMatches(true, authority, host, 0, hostLength);
    }

    private static boolean isScheme(String origin, int length, String scheme) {
        return length == scheme.length() && origin.regionMatches(true, 0, scheme, 0, length);
    }

    /** The length of an authority that ends the string, without the default port if it ends with it. */
    private static int lengthWithoutPort(String text, int length, String defaultPort) {
        return defaultPort != null && text.endsWith(defaultPort) ? length - defaultPort.length() : length;
    }
}
