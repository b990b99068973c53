/**
 * The wskit opening handshake (RFC 6455 §4) for clients and servers, sans-I/O: an incremental HTTP/1.1 head
 * parser, request validation and response building, request building and response verification, and
 * subprotocol and extension negotiation (§9) through {@link dev.wskit.handshake.spi.ExtensionNegotiator}.
 * Requires only {@code ws-codec}, for the extension SPI, and {@code java.base}.
 */
module dev.wskit.handshake {
    requires transitive dev.wskit.codec;

    exports dev.wskit.handshake;
    exports dev.wskit.handshake.spi;
}
