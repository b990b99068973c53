package dev.wskit.handshake;

/**
 * The reason phrases of the status codes a handshake uses (RFC 9110 §15, RFC 6585 §5). Stateless and
 * thread-safe.
 */
final class ReasonPhrases {
    private ReasonPhrases() {
    }

    /**
     * Returns the usual reason phrase of a status code.
     *
     * @param status the status code
     * @return the phrase, or an empty string for a code not listed (a reason phrase may be empty)
     */
    static String of(int status) {
        return switch (status) {
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 414 -> "URI Too Long";
            case 426 -> "Upgrade Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
