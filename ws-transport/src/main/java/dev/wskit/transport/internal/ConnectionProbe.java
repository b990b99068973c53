package dev.wskit.transport.internal;

import dev.wskit.codec.Opcode;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.ClosedConnection;
import dev.wskit.transport.metrics.ConnectionMetrics;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.metrics.Initiator;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.time.Duration;

/**
 * One connection's measurements for its endpoint's {@link ConnectionMetrics}: what the listener needs beyond
 * the events themselves (when the connection opened, the outstanding Ping, the sizes of streamed messages so
 * far, who started closing). A connection without metrics has none, so that each hook is one null check.
 * Guarded by the connection's lock, except the abort flag.
 */
final class ConnectionProbe {
    private static final long NO_PING = Long.MIN_VALUE;

    private final ConnectionMetrics metrics;
    private final boolean countsMessages;
    private long openedAt;
    private long pingSentAt = NO_PING;
    private long streamedIn;
    private long streamedOut;
    private long highWater;
    private boolean peerClosedFirst;
    /** Whether the metrics last heard that sends were paused (the queue past its high watermark). */
    private boolean sendPaused;
    private volatile boolean abortedLocally;

    private ConnectionProbe(ConnectionMetrics metrics) {
        this.metrics = metrics;
        this.countsMessages = metrics.countsMessages();
    }

    /**
     * Returns the probe of a connection of an endpoint, or {@code null} when no metrics are installed.
     *
     * @param metrics the installed metrics
     * @param tags the endpoint and transport
     * @return the probe, or {@code null}
     */
    static ConnectionProbe of(WebSocketMetrics metrics, EndpointTags tags) {
        return metrics == WebSocketMetrics.NONE ? null : new ConnectionProbe(metrics.forEndpoint(tags));
    }

    /**
     * Reports an opening handshake refused, when metrics are installed.
     *
     * @param metrics the installed metrics
     * @param tags the endpoint (or {@link EndpointTags#UNMATCHED}) and transport
     * @param status the HTTP status
     */
    static void rejected(WebSocketMetrics metrics, EndpointTags tags, int status) {
        if (metrics != WebSocketMetrics.NONE) {
            metrics.forEndpoint(tags).onHandshakeRejected(status);
        }
    }

    void handshakeRejected(int status) {
        metrics.onHandshakeRejected(status);
    }

    /** Tells whether messages are to be measured: the listener asked for them. */
    boolean countsMessages() {
        return countsMessages;
    }

    void opened(WebSocket connection, long now) {
        openedAt = now;
        metrics.onOpened(connection);
    }

    void messageReceived(Opcode type, long bytes) {
        metrics.onMessageReceived(type, bytes);
    }

    /** A whole text message arrived: reported with its UTF-8 length, which the decoded String no longer has. */
    void textReceived(String text) {
        metrics.onMessageReceived(Opcode.TEXT, utf8Length(text));
    }

    private static long utf8Length(String text) {
        long length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x800 && !Character.isSurrogate(c)) {
                length += 2;
            } else if (c >= 0x80) {
                // two bytes for U+0080..U+07FF; a surrogate pair's two chars make four bytes, one each here
                length += 1;
            }
        }
        return length;
    }

    void compressed(long uncompressed, long compressed) {
        metrics.onCompressed(uncompressed, compressed);
    }

    void inflated(long compressed, long uncompressed) {
        metrics.onInflated(compressed, uncompressed);
    }

    /** A chunk of a streamed message arrived: the message is reported with its last chunk. */
    void chunkReceived(Opcode type, long bytes, boolean last) {
        streamedIn += bytes;
        if (last) {
            metrics.onMessageReceived(type, streamedIn);
            streamedIn = 0;
        }
    }

    /**
     * The send queue took a send: counts the message, notes the queue's high water, and reports a pause when the
     * queue has just passed its high watermark.
     */
    void queued(WebSocket connection, Outgoing send, long bufferedAfter) {
        highWater = Math.max(highWater, bufferedAfter);
        if (countsMessages) {
            counted(send);
        }
        // the flag is read here rather than before the send was queued: another thread may clear it by reserving
        // room for a send it hands over to a confined connection
        if (!sendPaused && !connection.isWritable()) {
            sendPaused = true;
            metrics.onSendPaused(connection, bufferedAfter);
        }
    }

    private void counted(Outgoing send) {
        switch (send) {
            case Outgoing.Data data -> metrics.onMessageSent(data.type(), data.size());
            case Outgoing.Encoded encoded -> metrics.onMessageSent(encoded.message().type(), encoded.size());
            case Outgoing.Fragment fragment -> {
                streamedOut += fragment.size();
                if (fragment.last()) {
                    metrics.onMessageSent(fragment.type(), streamedOut);
                    streamedOut = 0;
                }
            }
            case Outgoing.Whole whole -> { }
            case Outgoing.Close close -> { }
        }
    }

    void sendResumed(WebSocket connection, long buffered) {
        sendPaused = false;
        metrics.onSendResumed(connection, buffered);
    }

    /** A Ping was queued: the next Pong measures the round trip, unless one is already being measured. */
    void pingSent(long now) {
        if (pingSentAt == NO_PING) {
            pingSentAt = now;
        }
    }

    void pongReceived(long now) {
        if (pingSentAt != NO_PING) {
            metrics.onPingRoundTrip(now - pingSentAt);
            pingSentAt = NO_PING;
        }
    }

    void peerClosedFirst() {
        peerClosedFirst = true;
    }

    void abortedLocally() {
        abortedLocally = true;
    }

    void protocolError(int closeCode) {
        metrics.onProtocolError(closeCode);
    }

    /**
     * Reports the end: the peer initiated when its Close came first, or when the connection was lost (1006)
     * while this side had neither closed nor aborted.
     */
    void closed(WebSocket connection, int code, String reason, boolean wasClean, boolean closeRequested, long now,
                long bytesIn, long bytesOut) {
        boolean lost = code == 1006 && !closeRequested && !abortedLocally;
        Initiator initiator = peerClosedFirst || lost ? Initiator.REMOTE : Initiator.LOCAL;
        metrics.onClosed(connection, new ClosedConnection(code, reason, initiator, wasClean,
            Duration.ofNanos(now - openedAt), bytesIn, bytesOut, highWater));
    }
}
