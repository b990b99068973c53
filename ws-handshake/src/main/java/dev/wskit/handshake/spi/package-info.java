/**
 * The extension negotiation SPI of RFC 6455 §9.1: how an extension such as permessage-deflate (RFC 7692)
 * takes part in the opening handshake, on the server by answering the client's offers and on the client by
 * making offers and checking the server's answer. The frame processing of an agreed extension is the
 * codec's {@link dev.wskit.codec.spi.Extension}.
 */
package dev.wskit.handshake.spi;
