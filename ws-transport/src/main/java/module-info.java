/**
 * The wskit transports: WebSocket servers and clients over blocking sockets on platform threads or virtual
 * threads, or over NIO event loops, with TLS, all running the codec's engine (RFC 6455) behind the
 * browser-shaped {@link dev.wskit.transport.WebSocket} API. Bouncy Castle is needed only by the self-signed
 * certificate helper in {@code dev.wskit.transport.tls}.
 */
module dev.wskit.transport {
    requires transitive dev.wskit.codec;
    requires transitive dev.wskit.handshake;
    requires jdk.jfr;
    requires org.slf4j;
    requires static org.bouncycastle.provider;
    requires static org.bouncycastle.pkix;
    requires static org.bouncycastle.util;

    exports dev.wskit.transport;
    exports dev.wskit.transport.metrics;
    exports dev.wskit.transport.spi;
    exports dev.wskit.transport.tls;
}
