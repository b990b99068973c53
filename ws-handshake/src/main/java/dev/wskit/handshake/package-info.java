/**
 * Handshake layer of RFC 6455: the opening handshake of §4 as values. An HTTP/1.1 head (RFC 9110, RFC 9112)
 * is parsed by {@link dev.wskit.handshake.HttpHeadParser}; a server judges a request with
 * {@link dev.wskit.handshake.ServerHandshake#evaluate} (§4.2) and a client builds its request and verifies
 * the answer with {@link dev.wskit.handshake.ClientHandshake} (§4.1). The header grammars of §4.3 and §9.1
 * are parsed and formatted by {@link dev.wskit.handshake.ExtensionOffer} and
 * {@link dev.wskit.handshake.Subprotocols}. Nothing here reads or writes a socket.
 */
package dev.wskit.handshake;
