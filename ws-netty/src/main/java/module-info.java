/**
 * wskit inside a Netty pipeline: {@link dev.wskit.netty.WebSocketUpgradeHandler} answers the RFC 6455 opening
 * handshake (§4.2) that Netty's HTTP codec has read, then runs wskit's engine (§5–§7) over the channel, on the
 * channel's event loop and behind its TLS. Netty itself is the application's: it is required, not shipped.
 */
module dev.wskit.netty {
    requires transitive dev.wskit.transport;
    requires transitive io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.codec.http;
    requires io.netty.handler;
    requires org.slf4j;

    exports dev.wskit.netty;
}
