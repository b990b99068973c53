package dev.wskit.transport;

import dev.wskit.handshake.HandshakeRequest;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's opening handshake as an {@link UpgradeHandler} sees it (RFC 6455 §4.2.1): the request head, with its
 * path, query parameters and cookies read out, and where it came from. It has already passed the protocol's
 * checks (method, version, key, Origin policy); the handler decides whether the application takes it. Immutable
 * and thread-safe.
 *
 * @param request the request head as received
 * @param remoteAddress the client's address
 * @param secure true when the request came over TLS
 */
public record UpgradeRequest(HandshakeRequest request, InetSocketAddress remoteAddress, boolean secure) {
    /** Checks the fields. */
    public UpgradeRequest {
        Objects.requireNonNull(request, "request");
    }

    /**
     * Returns the request-target's path, without the query.
     *
     * @return the path, such as {@code /chat}
     */
    public String path() {
        String target = request.target();
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /**
     * Returns the first value of a header field.
     *
     * @param name the field name, in any case
     * @return the value, if the field is present
     */
    public Optional<String> header(String name) {
        return request.headers().first(name);
    }

    /**
     * Returns the query parameters (RFC 3986 §3.4, decoded as HTML forms encode them), in order; a name given
     * more than once keeps its first value.
     *
     * @return the parameters, possibly empty
     */
    public Map<String, String> queryParameters() {
        String target = request.target();
        int start = target.indexOf('?');
        Map<String, String> parameters = new LinkedHashMap<>();
        if (start < 0) {
            return parameters;
        }
        for (String pair : target.substring(start + 1).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            parameters.putIfAbsent(name, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    /**
     * Returns one query parameter.
     *
     * @param name the parameter's name
     * @return its first value, if present
     */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(queryParameters().get(name));
    }

    /**
     * Returns the cookies the client sent (RFC 6265 §5.4: {@code name=value} pairs separated by {@code ;} in
     * each {@code Cookie} field), in order; a name given more than once keeps its first value.
     *
     * @return the cookies, possibly empty
     */
    public Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        List<String> fields = request.headers().all("Cookie");
        for (String field : fields) {
            for (String pair : field.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.putIfAbsent(pair.substring(0, equals).strip(), unquote(pair.substring(equals + 1).strip()));
                }
            }
        }
        return cookies;
    }

    /**
     * Returns one cookie.
     *
     * @param name the cookie's name
     * @return its value, if the client sent it
     */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a malformed escape is kept as sent: the handler sees what the client wrote
            return text;
        }
    }

    private static String unquote(String value) {
        // RFC 6265 §4.1.1: cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE )
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
    }
}
