package dev.wskit.transport.spi;

import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.internal.Connections;
import dev.wskit.transport.internal.UpgradeDecision;
import dev.wskit.transport.metrics.EndpointTags;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * wskit's server side hosted by an HTTP server that reads requests itself, such as a Servlet container or a Netty
 * pipeline. The host parses the client's request; {@link #evaluate} judges it as a {@code WebSocketServer} would
 * (RFC 6455 §4.2.1 checks, Origin policy, subprotocol selection, extension negotiation §9.1, then the
 * application's {@link UpgradeHandler}); the host writes the answer in its own way: the 101 response of §4.2.2
 * with the {@linkplain Accepted#headers() headers given}, or the {@link Refused} status. After the 101 the host
 * switches its connection to raw bytes and drives the {@link ConnectionHandler} of
 * {@link Accepted#open(WebSocket.Listener)}, whose opening handshake is already complete: it parses no head and
 * writes no response, and runs the engine (§5–§7) from {@link ConnectionHandler#onConnected} on, with the same
 * {@link WebSocket} API, limits and backpressure as wskit's own transports. Immutable and thread-safe.
 */
public final class HostedUpgrade {
    private static final String CONTENT_TYPE = "Content-Type";
    private final ServerHandshakeConfig handshake;
    private final UpgradeHandler upgradeHandler;
    private final ConnectionSettings settings;
    private final String hostName;

    /**
     * Creates the server side for one kind of host.
     *
     * @param handshake the handshake's policy: Origin, subprotocols, extensions, extra response headers
     * @param upgradeHandler the application's say on each request, {@link UpgradeHandler#ACCEPT_ALL} for none
     * @param settings what bounds each connection; the opening handshake's timeout is the host's concern
     * @param hostName the host's name as metrics tag it in place of a transport's, such as {@code servlet}
     */
    public HostedUpgrade(ServerHandshakeConfig handshake, UpgradeHandler upgradeHandler, ConnectionSettings settings,
                         String hostName) {
        this.handshake = Objects.requireNonNull(handshake, "handshake");
        this.upgradeHandler = Objects.requireNonNull(upgradeHandler, "upgradeHandler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostName = Objects.requireNonNull(hostName, "hostName");
    }

    /**
     * Returns what bounds each connection.
     *
     * @return the settings
     */
    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Judges an upgrade request that the host has parsed. Runs the application's {@link UpgradeHandler}, so it
     * must not be called on a thread that may not run it.
     *
     * @param request the request head, where it came from and over what
     * @return accepted, to be answered with 101, or refused, to be answered with the status
     */
    public Outcome evaluate(UpgradeRequest request) {
        return switch (UpgradeDecision.decide(request, handshake, upgradeHandler)) {
            case UpgradeDecision.Accept accept -> new Accepted(accept, settings,
                new EndpointTags(request.path(), hostName));
            case UpgradeDecision.Reject reject -> refused(reject.rejected().status(), reject.rejected().headers(),
                reject.rejected().body().getBytes(StandardCharsets.UTF_8));
            case UpgradeDecision.Refuse refuse -> refused(refuse.refusal().status(), refuse.refusal().headers(),
                refuse.refusal().bodyBytes());
        };
    }

    private static Refused refused(int status, HttpHeaders headers, byte[] body) {
        return new Refused(status, headers.contains(CONTENT_TYPE) ? headers
            : headers.toBuilder().add(CONTENT_TYPE, "text/plain; charset=utf-8").build(), body);
    }

    /** What {@link #evaluate} decided. */
    public sealed interface Outcome permits Accepted, Refused {
    }

    /**
     * The request is accepted: the host answers 101 Switching Protocols with {@link #headers()}, then drives
     * {@link #open}'s handler over the connection, or, when it cannot upgrade after all, calls {@link #discard}.
     * Thread-safe; {@link #open} and {@link #discard} take effect once.
     */
    public static final class Accepted implements Outcome {
        private final UpgradeDecision.Accept accept;
        private final ConnectionSettings settings;
        private final EndpointTags tags;
        private final AtomicBoolean used = new AtomicBoolean();

        private Accepted(UpgradeDecision.Accept accept, ConnectionSettings settings, EndpointTags tags) {
            this.accept = accept;
            this.settings = settings;
            this.tags = tags;
        }

        /**
         * Returns the 101 response as wskit would write it (RFC 6455 §4.2.2 step 5).
         *
         * @return the response head
         */
        public HandshakeResponse response() {
            return accept.accepted().response();
        }

        /**
         * Returns the header fields of the 101 response: {@code Upgrade}, {@code Connection},
         * {@code Sec-WebSocket-Accept}, the agreed {@code Sec-WebSocket-Protocol} and
         * {@code Sec-WebSocket-Extensions}, and the policy's extra headers.
         *
         * @return the fields, in order
         */
        public HttpHeaders headers() {
            return response().headers();
        }

        /**
         * Returns the server side of the connection, its handshake complete: once the host has sent the 101 and
         * calls {@link ConnectionHandler#onConnected}, the listener hears {@code onOpen} and every byte received
         * is a frame (§5). The handler writes no HTTP; the host's {@link TransportChannel} moves its bytes.
         *
         * @param listener the application's listener for this connection
         * @return the handler; it is also the {@link WebSocket} the listener is given
         * @throws IllegalStateException when called a second time, or after {@link #discard}
         */
        public ConnectionHandler open(WebSocket.Listener listener) {
            Objects.requireNonNull(listener, "listener");
            if (used.getAndSet(true)) {
                throw new IllegalStateException("The accepted upgrade was already opened or discarded");
            }
            return Connections.hosted(accept, listener, settings, tags);
        }

        /** Releases what was agreed (the extensions' compressors) when the host does not upgrade after all. */
        public void discard() {
            if (!used.getAndSet(true)) {
                accept.discard();
            }
        }
    }

    /**
     * The request is refused, by the protocol (400, 403, 426 ...) or by the application's handler: the host
     * answers with this status, headers and body, then ends the exchange.
     *
     * @param status the HTTP status
     * @param headers the header fields, with the body's Content-Type but without the fields that frame it
     *     (Content-Length), which the host sets
     * @param body the body, plain text in UTF-8
     */
    public record Refused(int status, HttpHeaders headers, byte[] body) implements Outcome {
        /** Checks the parts. */
        public Refused {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }
    }
}
