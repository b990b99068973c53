package dev.wskit.transport.internal;

import dev.wskit.codec.CloseCode;
import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The client's opening handshake: writes the upgrade request (RFC 6455 §4.1), verifies the response, then opens
 * the connection. The bytes that follow the 101 response are the first frames and are kept.
 *
 * <p>Until it opens, the connect can be {@linkplain #abandon() abandoned}: whichever comes first, the 101's
 * acceptance or the abandonment, decides, so that no {@code onOpen} follows a successful abandonment. While
 * connecting, the listener hears nothing; the outcome is the {@code opened} future's alone.
 *
 * <p>A response other than 101 fails the connect with a {@link HandshakeException} that carries the first
 * bytes of the response's body ({@link HandshakeException#MAX_BODY} at most): as many as its
 * {@code Content-Length} announces, or, without one, whatever arrives until the server closes (a chunked body:
 * what came with the head).
 *
 * <p>Guarded by the connection's lock, except {@link #abandon} and {@link #isAbandoned}, which any thread calls.
 */
public final class ClientHandshakePhase implements HandshakePhase {
    private static final int PENDING = 0;
    private static final int OPENED = 1;
    private static final int ABANDONED = 2;

    private final ClientHandshake handshake;
    private final HttpHeadParser<HandshakeResponse> parser;
    private final WebSocket.Listener listener;
    private final CompletableFuture<WebSocket> opened;
    private final AtomicInteger outcome = new AtomicInteger(PENDING);
    private final Consumer<HandshakeResponse> responses;
    /** The refusal whose body is being read, or {@code null}. */
    private HandshakeException refusal;
    private ByteArrayOutputStream body;
    private long bodyWanted;

    /**
     * Creates the handshake of a connection about to be opened.
     *
     * @param handshake the handshake to perform
     * @param listener the application's listener
     * @param opened completed with the connection once open, or failed
     * @param responses hears every complete response head, 101 or not, before it is verified (to store its
     *     cookies), on the transport's thread and under the connection's lock: it must not block
     */
    public ClientHandshakePhase(ClientHandshake handshake, WebSocket.Listener listener,
                                CompletableFuture<WebSocket> opened, Consumer<HandshakeResponse> responses) {
        this.handshake = handshake;
        this.parser = handshake.newResponseParser();
        this.listener = listener;
        this.opened = opened;
        this.responses = responses;
    }

    /**
     * Gives the connect up unless the handshake succeeded first. The caller then aborts the connection with
     * {@link Connection#abort()}, which reaches the socket once the transport has connected it (before,
     * cancelling the transport's connect does).
     *
     * @return true when the connect is abandoned (now or before), false when it opened first
     */
    public boolean abandon() {
        outcome.compareAndSet(PENDING, ABANDONED);
        return outcome.get() == ABANDONED;
    }

    /**
     * Tells whether the connect was abandoned.
     *
     * @return true once {@link #abandon()} succeeded
     */
    public boolean isAbandoned() {
        return outcome.get() == ABANDONED;
    }

    /** Returns the tags of the connection's metrics: the request's path and the transport. */
    EndpointTags tags(String transportName) {
        String path = handshake.uri().getRawPath();
        return new EndpointTags(path == null || path.isEmpty() ? "/" : path, transportName);
    }

    @Override
    public void started(Connection connection) {
        if (isAbandoned()) {
            // abandoned while the transport connected: the abandoning thread may not have seen the channel
            connection.afterUnlock(connection::abort);
            return;
        }
        connection.queueHandshakeOutput(handshake.requestBytes(), false);
    }

    @Override
    public void received(Connection connection, ByteBuffer data) {
        if (refusal != null) {
            readBody(connection, data);
            return;
        }
        switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeResponse> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeResponse> rejected -> fail(connection,
                new HandshakeException(rejected.status(), "Malformed handshake response: " + rejected.reason()));
            case HttpHeadParser.Complete<HandshakeResponse> complete ->
                verify(connection, complete.head(), complete.leftover());
        }
    }

    private void verify(Connection connection, HandshakeResponse response, ByteBuffer leftover) {
        responses.accept(response);
        ClientHandshake.Accepted accepted;
        try {
            accepted = handshake.verify(response);
        } catch (HandshakeException e) {
            if (response.status() == 101) {
                fail(connection, e);
            } else {
                startBody(connection, e, response, leftover);
            }
            return;
        }
        if (!outcome.compareAndSet(PENDING, OPENED)) {
            connection.afterUnlock(connection::abort);
            return;
        }
        String extensionsHeader = response.headers().first("Sec-WebSocket-Extensions").orElse("");
        connection.open(accepted.extensions(), accepted.subprotocol().orElse(""), extensionsHeader,
            handshake.uri(), listener, leftover);
        connection.afterUnlock(() -> completeOpened(connection));
    }

    /**
     * Hands the open connection to whoever waits for it. When the caller has already completed the future
     * otherwise (its own timeout raced the 101), nobody holds the connection: it goes away (RFC 6455 §7.4.1).
     */
    private void completeOpened(Connection connection) {
        if (!opened.complete(connection)) {
            connection.closeWith(CloseCode.GOING_AWAY, "Connect abandoned");
        }
    }

    private void startBody(Connection connection, HandshakeException refused, HandshakeResponse response,
                           ByteBuffer leftover) {
        OptionalLong length = contentLength(response);
        boolean chunked = response.headers().contains("Transfer-Encoding");
        // without a length, the body runs until the server closes (RFC 9112 §6.3 item 8)
        long announced = chunked ? leftover.remaining() : length.orElse(Long.MAX_VALUE);
        bodyWanted = Math.min(announced, HandshakeException.MAX_BODY);
        refusal = refused;
        body = new ByteArrayOutputStream();
        readBody(connection, leftover);
    }

    private void readBody(Connection connection, ByteBuffer data) {
        int count = (int) Math.min(data.remaining(), bodyWanted - body.size());
        byte[] piece = new byte[count];
        data.get(piece);
        body.writeBytes(piece);
        data.position(data.limit());
        if (body.size() >= bodyWanted) {
            HandshakeException refused = refusal.withBody(body.toByteArray());
            refusal = null;
            fail(connection, refused);
        }
    }

    private static OptionalLong contentLength(HandshakeResponse response) {
        try {
            return response.headers().first("Content-Length").map(String::trim)
                .map(value -> OptionalLong.of(Long.parseLong(value))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.of(0);
        }
    }

    private void fail(Connection connection, Throwable cause) {
        ConnectionProbe probe = connection.probe();
        if (probe != null && cause instanceof HandshakeException refused) {
            probe.handshakeRejected(refused.status());
        }
        connection.afterUnlock(() -> opened.completeExceptionally(cause));
        connection.afterUnlock(connection::abort);
    }

    @Override
    public void failed(Connection connection, Throwable cause) {
        // a refusal whose body ended with the connection, or outlasted the handshake timeout, is still a refusal
        Throwable failure = refusal != null ? refusal.withBody(body.toByteArray()) : cause;
        connection.afterUnlock(() -> opened.completeExceptionally(failure));
    }

    @Override
    public void ended(Connection connection) {
        // the outcome is the opened future's, completed when the handshake ended
    }
}
