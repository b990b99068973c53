/**
 * permessage-deflate (RFC 7692), the extension layer above the codec's frames (RFC 6455 §9): negotiation of
 * its four parameters in the opening handshake (§5, §7.1) through {@link PerMessageDeflate}, and compression
 * of message payloads (§6, §7.2) through the {@link DeflateExtension} each connection gets.
 *
 * <h2>Window sizes</h2>
 * Inflating needs nothing special: zlib's 32 KiB window decodes a stream made with any window from 8 to 15
 * bits. Compressing with a window below 15 bits is the hard part, because {@link java.util.zip.Deflater}
 * cannot shrink its window. wskit honours such a limit rather than declining it: the compressor cuts its
 * input into segments of at most 2^N bytes and ends each with a full flush, after which zlib never refers
 * back, so no back-reference reaches further than 2^N - 1 bytes. The output is valid for a peer with a 2^N
 * window at the price of some compression (a fresh start and a 5-byte empty block every 2^N bytes; at 15
 * bits nothing changes). Hence:
 * <ul>
 *   <li>a server accepts {@code server_max_window_bits} from 8 to 15 and keeps to it (§7.1.2.1);</li>
 *   <li>a client offers {@code client_max_window_bits} without a value by default, as browsers do, and keeps
 *       to whatever value from 8 to 15 the server answers (§7.1.2.2); it fails with 1010 only on an invalid
 *       answer;</li>
 *   <li>either side may announce a smaller window for its own compressor
 *       ({@link DeflateConfig#ownMaxWindowBits()}) or ask the peer for one
 *       ({@link DeflateConfig#peerMaxWindowBits()}), which spares the peer's memory but not its own.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * A deflate stream costs about 210 KiB of native memory and an inflate stream about 40 KiB. A side that keeps
 * context holds its stream for the connection's life; a side that does not borrows one from a bounded pool
 * for one message. {@link DeflateExtension#close()} hands streams back, and pools end what they do not keep,
 * so no native memory outlives a connection. The module's {@code README-memory.md} has the measured bytes per
 * connection for each setting.
 *
 * <h2>Broadcasts</h2>
 * A server that compresses without context takeover ({@code server_no_context_takeover} agreed, §7.1.1.1)
 * compresses every message from an empty window, so the bytes depend only on the message, the window
 * (§7.1.2.1), the level and the threshold: its encoder reports them as a
 * {@link dev.wskit.codec.spi.SharedEncoding}, and a message prepared for a broadcast is compressed once for all
 * such connections. A server that keeps its context compresses each connection's copy with that connection's
 * window.
 *
 * <h2>Errors</h2>
 * Corrupt DEFLATE data fails the connection with 1007 (invalid payload data); RSV1 on a continuation frame
 * with 1002; a message that inflates past the size limit with 1009, at the point the limit is passed.
 */
package dev.wskit.extensions.deflate;
