package dev.wskit.handshake;

/** Heads as real peers send them, shared by the tests. */
final class Samples {
    /** The key of RFC 6455 §1.3, whose accept value is {@link #SAMPLE_ACCEPT}. */
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The accept value of RFC 6455 §1.3. */
    static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    /** An upgrade request as Chrome 131 sends it, with the key of RFC 6455 §1.3. */
    static final String CHROME_REQUEST = """
        GET /chat?room=1 HTTP/1.1\r
        Host: example.com:8080\r
        Connection: Upgrade\r
        Pragma: no-cache\r
        Cache-Control: no-cache\r
        User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
        Chrome/131.0.0.0 Safari/537.36\r
        Upgrade: websocket\r
        Origin: http://example.com:8080\r
        Sec-WebSocket-Version: 13\r
        Accept-Encoding: gzip, deflate, br, zstd\r
        Accept-Language: en-US,en;q=0.9\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
        \r
        """;

    /** The smallest valid request: the headers RFC 6455 §4.1 requires, nothing else. */
    static final String MINIMAL_REQUEST = """
        GET / HTTP/1.1\r
        Host: h\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Sec-WebSocket-Version: 13\r
        \r
        """;

    /** The server's answer to {@link #MINIMAL_REQUEST}, as RFC 6455 §1.3 shows it. */
    static final String SAMPLE_RESPONSE = """
        HTTP/1.1 101 Switching Protocols\r
        Upgrade: websocket\r
        Connection: Upgrade\r
        Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r
        \r
        """;

    private Samples() {
    }
}
