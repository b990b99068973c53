package dev.wskit.transport.metrics;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JDK Flight Recorder events that {@link JfrMetrics} commits. None records a stack trace (the thread that
 * happens to run a connection's close says nothing); those that come once per connection or per pause are off
 * by default, so that a recording with the JDK's settings holds only the ends of connections and their
 * failures.
 */
final class JfrEvents {
    private JfrEvents() {
    }

    /** A connection opened (RFC 6455 §4): off by default, one per connection. */
    @Name("wskit.ConnectionOpened")
    @Label("WebSocket Connection Opened")
    @Category({"wskit", "WebSocket"})
    @Description("A WebSocket connection completed its opening handshake")
    @Enabled(false)
    @StackTrace(false)
    static final class ConnectionOpened extends Event {
        @Label("Endpoint")
        String path;
        @Label("Transport")
        String transport;
        @Label("Remote Address")
        String remoteAddress;
        @Label("Subprotocol")
        String subprotocol;
        @Label("Extensions")
        String extensions;
    }

    /** A connection closed (RFC 6455 §7.1.4–§7.1.6). */
    @Name("wskit.ConnectionClosed")
    @Label("WebSocket Connection Closed")
    @Category({"wskit", "WebSocket"})
    @Description("A WebSocket connection closed, with its close code, its initiator and what it moved")
    @StackTrace(false)
    static final class ConnectionClosed extends Event {
        @Label("Endpoint")
        String path;
        @Label("Transport")
        String transport;
        @Label("Close Code")
        int code;
        @Label("Reason")
        String reason;
        @Label("Initiator")
        @Description("LOCAL or REMOTE: the side that started the end")
        String initiator;
        @Label("Was Clean")
        boolean wasClean;
        @Label("Lifetime")
        @Timespan(Timespan.NANOSECONDS)
        long lifetime;
        @Label("Bytes In")
        @DataAmount
        long bytesIn;
        @Label("Bytes Out")
        @DataAmount
        long bytesOut;
        @Label("Send Queue High Water")
        @DataAmount
        long sendQueueHighWater;
    }

    /** An upgrade request refused (RFC 6455 §4.2.2), or a client's handshake failed. */
    @Name("wskit.HandshakeRejected")
    @Label("WebSocket Handshake Rejected")
    @Category({"wskit", "WebSocket"})
    @Description("An opening handshake was refused with an HTTP status")
    @StackTrace(false)
    static final class HandshakeRejected extends Event {
        @Label("Endpoint")
        String path;
        @Label("Transport")
        String transport;
        @Label("Status")
        int status;
    }

    /** A connection failed on the peer's data (RFC 6455 §7.1.7). */
    @Name("wskit.ProtocolError")
    @Label("WebSocket Protocol Error")
    @Category({"wskit", "WebSocket"})
    @Description("A connection failed because of the peer; its Close carries the code")
    @StackTrace(false)
    static final class ProtocolError extends Event {
        @Label("Endpoint")
        String path;
        @Label("Transport")
        String transport;
        @Label("Close Code")
        int code;
    }

    /** A send queue paused at its high watermark, or resumed at its low one: off by default. */
    @Name("wskit.Backpressure")
    @Label("WebSocket Backpressure")
    @Category({"wskit", "WebSocket"})
    @Description("A connection's send queue passed its high watermark (paused) or drained to its low one")
    @Enabled(false)
    @StackTrace(false)
    static final class Backpressure extends Event {
        @Label("Endpoint")
        String path;
        @Label("Transport")
        String transport;
        @Label("Paused")
        boolean paused;
        @Label("Queued")
        @DataAmount
        long queuedBytes;
    }
}
