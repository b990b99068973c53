/**
 * The extension SPI of RFC 6455 §9: how a negotiated extension claims reserved bits (§5.2, §5.8) and
 * transforms message payloads in both directions. Negotiation itself lives in {@code ws-handshake}; this
 * package only processes frames. A connection runs its extensions as a chain in negotiated order, each claiming
 * reserved bits of its own. permessage-deflate (RFC 7692) is the first implementation.
 */
package dev.wskit.codec.spi;
