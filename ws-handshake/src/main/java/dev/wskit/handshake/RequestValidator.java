package dev.wskit.handshake;

import static dev.wskit.handshake.HeaderNames.CONNECTION;
import static dev.wskit.handshake.HeaderNames.HOST;
import static dev.wskit.handshake.HeaderNames.ORIGIN;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_KEY;
import static dev.wskit.handshake.HeaderNames.SEC_WEBSOCKET_VERSION;
import static dev.wskit.handshake.HeaderNames.UPGRADE;

import dev.wskit.handshake.ServerHandshake.Rejected;

/**
 * The checks a server makes on an opening handshake request before negotiating anything (RFC 6455 §4.2.1),
 * each failure a {@link Rejected} with the status of §4.2.2 and RFC 9110. Stateless and thread-safe.
 */
final class RequestValidator {
    private RequestValidator() {
    }

    /**
     * Checks a request.
     *
     * @param request the request
     * @param fields the request's header fields that matter
     * @param originPolicy the origins allowed
     * @return the rejection, or {@code null} when the request may go on to negotiation
     */
    static Rejected validate(HandshakeRequest request, RequestFields fields, OriginPolicy originPolicy) {
        Rejected rejected = validateStartLine(request);
        if (rejected == null) {
            rejected = validateHeaders(fields);
        }
        if (rejected == null && !originPolicy.allows(request)) {
            // RFC 6455 §4.2.2 step 4: a server that refuses an origin SHOULD answer 403
            rejected = Rejected.of(403, "Origin not allowed: " + fields.describe(ORIGIN));
        }
        return rejected;
    }

    private static Rejected validateStartLine(HandshakeRequest request) {
        // RFC 6455 §4.2.1 item 1: the request MUST be a GET
        if (!request.method().equals("GET")) {
            return new Rejected(405, HttpHeaders.of(HeaderNames.ALLOW, "GET"),
                "Expected method GET but was " + request.method());
        }
        // RFC 6455 §4.2.1 item 1: HTTP/1.1 or higher
        if (!Tokens.isHttp11OrLater(request.version())) {
            return Rejected.of(400, "Expected HTTP/1.1 or later but was " + request.version());
        }
        // RFC 6455 §4.2.1 item 1: the request-target is a relative or an absolute URI
        if (!isOriginOrAbsoluteForm(request.target())) {
            return Rejected.of(400, "Expected a request-target in origin or absolute form but was "
                + Tokens.quote(request.target()));
        }
        return null;
    }

    private static Rejected validateHeaders(RequestFields fields) {
        // RFC 9112 §3.2: a request without Host, with several, or with an invalid one MUST get 400
        String host = fields.firstOrNull(HOST);
        if (fields.count(HOST) != 1 || !isHost(host)) {
            return Rejected.of(400, "Expected one valid Host but was " + fields.describe(HOST));
        }
        // RFC 6455 §4.2.1 item 3: Upgrade MUST include websocket
        if (!fields.containsToken(UPGRADE, "websocket")) {
            return Rejected.of(400, "Expected Upgrade: websocket but was " + fields.describe(UPGRADE));
        }
        // RFC 6455 §4.2.1 item 4: Connection MUST include Upgrade
        if (!fields.containsToken(CONNECTION, "Upgrade")) {
            return Rejected.of(400, "Expected Connection: Upgrade but was " + fields.describe(CONNECTION));
        }
        // RFC 6455 §4.2.1 item 5, §11.3.1: one key that decodes to 16 bytes
        if (fields.count(SEC_WEBSOCKET_KEY) != 1 || !AcceptKey.isValid(fields.firstOrNull(SEC_WEBSOCKET_KEY))) {
            return Rejected.of(400, "Expected a Sec-WebSocket-Key of 16 base64-encoded bytes but was "
                + fields.describe(SEC_WEBSOCKET_KEY));
        }
        // RFC 6455 §4.2.2 step 4, §4.4: another version gets 426 naming the one understood
        String version = fields.combinedOrNull(SEC_WEBSOCKET_VERSION);
        if (!HeaderNames.VERSION_13.equals(version)) {
            return new Rejected(426, HttpHeaders.of(SEC_WEBSOCKET_VERSION, HeaderNames.VERSION_13,
                UPGRADE, "websocket", CONNECTION, "Upgrade, close"),
                "Expected Sec-WebSocket-Version: 13 but was " + fields.describe(SEC_WEBSOCKET_VERSION));
        }
        // RFC 6454 §7.3: a user agent MUST NOT send more than one Origin
        if (fields.count(ORIGIN) > 1) {
            return Rejected.of(400, "Expected at most one Origin but was " + fields.describe(ORIGIN));
        }
        return null;
    }

    private static boolean isOriginOrAbsoluteForm(String target) {
        if (target.charAt(0) == '/') {
            return true;
        }
        int colon = target.indexOf("://");
        if (colon < 1 || !Character.isLetter(target.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = target.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** Tells whether a Host value is uri-host [ ":" port ] (RFC 9110 §7.2), judged by its characters. */
    private static boolean isHost(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
