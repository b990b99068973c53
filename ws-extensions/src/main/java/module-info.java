/**
 * wskit's WebSocket extensions (RFC 6455 §9): permessage-deflate (RFC 7692) as the codec's
 * {@link dev.wskit.codec.spi.Extension} and the handshake's {@link dev.wskit.handshake.spi.ExtensionNegotiator}.
 * Sans-I/O like the codec: no sockets, threads or clocks; the only shared state is the zlib pools that a
 * {@link dev.wskit.extensions.deflate.PerMessageDeflate} owns.
 */
module dev.wskit.extensions {
    requires transitive dev.wskit.codec;
    requires transitive dev.wskit.handshake;

    exports dev.wskit.extensions.deflate;
}
