package dev.wskit.transport;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One WebSocket connection, client or server, shaped after the browser's {@code WebSocket} (RFC 6455; WHATWG
 * WebSockets): a {@link #readyState()}, sends that queue in order, {@link #bufferedAmount()}, and
 * {@link #close(int, String)} validated as the browser validates it.
 *
 * <p><b>Threads.</b> Every method is safe from any thread. Sends never block: each returns a future that
 * completes when the message's bytes have been written to the socket, or fails (for example when the
 * connection closed first). Messages go out in the order their sends were called.
 */
public interface WebSocket {
    /**
     * Returns the connection's state as the browser reports it.
     *
     * @return CONNECTING, OPEN, CLOSING or CLOSED
     */
    ReadyState readyState();

    /**
     * Sends a text message (RFC 6455 §5.6).
     *
     * @param text the message
     * @return completes when written
     */
    CompletableFuture<Void> sendText(CharSequence text);

    /**
     * Sends a binary message. The buffer is read when the message is written, through a view: its position and
     * limit do not change (so the same buffer may go to several connections), but its bytes must stay unchanged
     * until the future completes.
     *
     * @param data the payload between position and limit
     * @return completes when written
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data);

    /**
     * Sends a text message as {@link #sendText(CharSequence)} does, without a future: for callers that do not
     * wait for each send (an echo, a broadcast, a feed), it saves the future and its completion per message.
     * The message is queued in order with every other send, counts in {@link #bufferedAmount()}, and a send that
     * would pass the queue's limit is refused with the configured overflow policy applied, as for the other
     * sends; a failure after it was queued (the connection ending) is reported only through {@code onClose}.
     *
     * @param text the message
     * @return true when queued; false when refused (the connection is not OPEN, or the send queue is full)
     */
    boolean offerText(CharSequence text);

    /**
     * Sends a binary message as {@link #sendBinary(ByteBuffer)} does, without a future (see
     * {@link #offerText(CharSequence)}). The buffer's bytes must stay unchanged until the message is written, which
     * {@link #bufferedAmount()} falling to what was queued before it tells.
     *
     * @param data the payload between position and limit, read through a view
     * @return true when queued; false when refused (the connection is not OPEN, or the send queue is full)
     */
    boolean offerBinary(ByteBuffer data);

    /**
     * Sends a text message (RFC 6455 §5.6), compressed or not as {@code compression} says: {@link Compression#NONE}
     * sends it uncompressed on a connection that negotiated permessage-deflate (RFC 7692 §6).
     *
     * @param text the message
     * @param compression whether the negotiated extension may compress it
     * @return completes when written
     */
    CompletableFuture<Void> sendText(CharSequence text, Compression compression);

    /**
     * Sends a binary message, compressed or not as {@code compression} says ({@link Compression#NONE} for a
     * payload that is already compressed, RFC 7692 §6); the buffer is read as {@link #sendBinary(ByteBuffer)}
     * reads it.
     *
     * @param data the payload between position and limit
     * @param compression whether the negotiated extension may compress it
     * @return completes when written
     */
    CompletableFuture<Void> sendBinary(ByteBuffer data, Compression compression);

    /**
     * Sends one fragment of a text message (§5.4); the first fragment starts the message and the one flagged
     * {@code last} ends it. Each fragment must hold whole code points.
     *
     * @param fragment the text of this fragment
     * @param last whether the message ends here
     * @return completes when written
     */
    CompletableFuture<Void> sendText(CharSequence fragment, boolean last);

    /**
     * Sends one fragment of a binary message (§5.4).
     *
     * @param fragment the payload of this fragment, read when written through a view, as {@link #sendBinary(ByteBuffer)}
     *     reads it
     * @param last whether the message ends here
     * @return completes when written
     */
    CompletableFuture<Void> sendBinary(ByteBuffer fragment, boolean last);

    /**
     * Sends a message prepared once for many connections: the same bytes as on other connections when this one
     * has no compressing extension or one whose compression is shared, compressed for this connection alone
     * when its compressor keeps context (see {@link PreparedMessage}). Servers only.
     *
     * @param message the prepared message
     * @return completes when written; fails with {@link IllegalArgumentException} on a client, whose frames
     *     must be masked with fresh keys (RFC 6455 §5.3)
     */
    CompletableFuture<Void> send(PreparedMessage message);

    /**
     * Sends a prepared message as {@link #send(PreparedMessage)} does, without a future: for a fan-out that does
     * not wait for each connection (a topic, a feed), it saves the future and its completion per connection. The
     * message is queued in order with every other send and counts in {@link #bufferedAmount()}; a send that would
     * pass the queue's limit is refused with the configured {@link Backpressure.Overflow} policy applied, as for
     * {@link #offerText(CharSequence)}. Servers only.
     *
     * @param message the prepared message
     * @return true when queued; false when refused (the connection is not OPEN, the send queue is full, or this
     *     is a client, whose frames must be masked with fresh keys, RFC 6455 §5.3)
     */
    boolean offer(PreparedMessage message);

    /**
     * Sends a Ping (§5.5.2), ahead of queued data messages.
     *
     * @param data at most 125 bytes
     * @return completes when written
     * @throws IllegalArgumentException when longer than 125 bytes
     */
    CompletableFuture<Void> ping(ByteBuffer data);

    /**
     * Sends an unsolicited Pong (§5.5.3), ahead of queued data messages.
     *
     * @param data at most 125 bytes
     * @return completes when written
     * @throws IllegalArgumentException when longer than 125 bytes
     */
    CompletableFuture<Void> pong(ByteBuffer data);

    /**
     * Starts the close handshake with an empty Close frame (the peer sees 1005), after queued messages.
     *
     * @return completes when the connection is closed
     */
    CompletableFuture<Void> close();

    /**
     * Starts the close handshake (§7.1.2) after queued messages, as the browser's {@code close(code, reason)}.
     *
     * @param code 1000, or 3000 to 4999
     * @param reason at most 123 bytes of UTF-8
     * @return completes when the connection is closed
     * @throws IllegalArgumentException when the code or reason is not allowed
     */
    CompletableFuture<Void> close(int code, String reason);

    /**
     * Starts the close handshake (§7.1.2) after queued messages with any code valid on the wire (§7.4.1, §7.4.2),
     * where {@link #close(int, String)} allows only what a browser script may send: a server that goes away sends
     * 1001, one that fails sends 1011, a client refusing data it cannot take sends 1003.
     *
     * @param code a code valid on the wire: 1000-1003, 1007-1014 or 3000-4999 (never 1005, 1006, 1015)
     * @param reason at most 123 bytes of UTF-8
     * @return completes when the connection is closed
     * @throws IllegalArgumentException when the code may not be sent or the reason is too long
     */
    CompletableFuture<Void> close(CloseCode code, String reason);

    /**
     * Returns a stage that completes once the connection is closed (its {@link #readyState()} CLOSED), however it
     * ended: a close handshake (RFC 6455 §7.1.4), a failure, or the TCP connection lost (§7.1.5). It lets code that
     * is not the connection's listener (a registry of topics, say) forget the connection. The stage may complete
     * before or after the listener's {@link Listener#onClose}; actions attached to it run on the thread that
     * closed the connection, or at once on the caller's thread when it is already closed, and must not block.
     *
     * @return a stage completed with {@code null} when closed; it cannot be completed through this handle
     */
    CompletionStage<Void> whenClosed();

    /** Closes the TCP connection at once, without a close handshake; the listener sees 1006. */
    void abort();

    /**
     * Returns the number of bytes accepted by sends but not yet written to the socket.
     *
     * @return the buffered amount
     */
    long bufferedAmount();

    /**
     * Tells whether sends are welcome: false from the moment {@link #bufferedAmount()} reaches the
     * {@linkplain Backpressure#highWatermark() high watermark} until it drains to the low one, when
     * {@link Listener#onWritable} follows.
     *
     * @return true while the send queue is below its high watermark (or has drained since)
     */
    boolean isWritable();

    /**
     * Stops reading from the peer until {@link #resumeReading()}: TCP flow control then slows the peer down.
     * Messages already read may still be delivered.
     */
    void pauseReading();

    /** Resumes reading from the peer after {@link #pauseReading()}. */
    void resumeReading();

    /**
     * Returns the subprotocol agreed in the handshake (§1.9).
     *
     * @return the subprotocol, or the empty string when none
     */
    String subprotocol();

    /**
     * Returns the extensions agreed in the handshake, as the {@code Sec-WebSocket-Extensions} header says them.
     *
     * @return the header value, or the empty string when none
     */
    String extensions();

    /**
     * Returns the URI of the connection: the request target on a server, the URI connected to on a client.
     *
     * @return the URI
     */
    URI uri();

    /**
     * Returns the peer's address.
     *
     * @return the remote socket address
     */
    InetSocketAddress remoteAddress();

    /**
     * Tells whether the connection runs over TLS.
     *
     * @return true for {@code wss://}
     */
    boolean isSecure();

    /**
     * Returns the application's own values attached to this connection.
     *
     * @return a thread-safe mutable map
     */
    Map<String, Object> attributes();

    /**
     * Receives a connection's events (the browser's {@code open}, {@code message}, {@code error} and
     * {@code close}, plus pings and pongs).
     *
     * <p><b>Order.</b> {@link #onOpen} first; then messages, pings and pongs in the order they arrived; then at
     * most one {@link #onError}; then exactly one {@link #onClose}. Callbacks for one connection never run
     * concurrently; they run on the transport's threads (the connection's reading thread or event loop, or a
     * timer thread), or on the configured callback executor. Callbacks on an event loop must not block. Buffers
     * passed in belong to the listener. An exception thrown by a callback fails the connection with 1011.
     *
     * <p><b>Replies.</b> What a callback sends goes out before the Close this side owes the peer: when the peer's
     * Close, or a protocol violation that fails the connection, follows messages already received, that Close
     * waits (at most the close timeout) until those messages' callbacks have returned and their sends have been
     * queued, so replies precede it (RFC 6455 §5.5.1). Bytes after the Close or the violation are not read.
     */
    interface Listener {
        /**
         * The handshake completed.
         *
         * @param socket the connection
         */
        default void onOpen(WebSocket socket) {
        }

        /**
         * A whole text message arrived.
         *
         * @param socket the connection
         * @param text the message
         */
        default void onText(WebSocket socket, String text) {
        }

        /**
         * A whole binary message arrived.
         *
         * @param socket the connection
         * @param data the payload, owned by the listener; or, where the connection's settings ask to
         *     {@linkplain ConnectionSettings.Builder#lendBinary lend binary messages}, possibly lent: valid only
         *     until this returns
         */
        default void onBinary(WebSocket socket, ByteBuffer data) {
        }

        /**
         * A piece of a text message arrived (only with streamed delivery configured).
         *
         * @param socket the connection
         * @param utf8 validated UTF-8 bytes, which may split a code point between pieces
         * @param last whether the message ends here
         */
        default void onTextChunk(WebSocket socket, ByteBuffer utf8, boolean last) {
        }

        /**
         * A piece of a binary message arrived (only with streamed delivery configured).
         *
         * @param socket the connection
         * @param data the bytes of this piece
         * @param last whether the message ends here
         */
        default void onBinaryChunk(WebSocket socket, ByteBuffer data, boolean last) {
        }

        /**
         * A Ping arrived; the Pong has already been queued.
         *
         * @param socket the connection
         * @param data the Ping's data
         */
        default void onPing(WebSocket socket, ByteBuffer data) {
        }

        /**
         * A Pong arrived.
         *
         * @param socket the connection
         * @param data the Pong's data
         */
        default void onPong(WebSocket socket, ByteBuffer data) {
        }

        /**
         * The send queue, having reached its high watermark, drained to its low watermark: sends are welcome
         * again ({@link WebSocket#isWritable()} is true).
         *
         * @param socket the connection
         */
        default void onWritable(WebSocket socket) {
        }

        /**
         * The connection failed: a protocol error by the peer (with its close code), an I/O error, a callback
         * that threw, or a send queue overflow under a closing {@link Backpressure.Overflow} policy.
         * {@link #onClose} follows.
         *
         * @param socket the connection
         * @param error what went wrong
         */
        default void onError(WebSocket socket, Throwable error) {
        }

        /**
         * The connection is closed.
         *
         * @param socket the connection
         * @param code the close code (1005 when the peer's Close had none, 1006 when no Close was exchanged)
         * @param reason the reason, possibly empty
         * @param wasClean whether the close handshake completed
         */
        default void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        }
    }
}
