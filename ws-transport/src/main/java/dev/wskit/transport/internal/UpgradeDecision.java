package dev.wskit.transport.internal;

import dev.wskit.codec.spi.Extension;
import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.ServerHandshake;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * A server's decision on an opening handshake, shared by wskit's own server ({@link ServerHandshakePhase}) and by the
 * HTTP servers that host wskit ({@link HostedHandshakePhase}): the protocol's checks and negotiation (RFC 6455 §4.2.1,
 * §9.1, by {@link ServerHandshake#evaluate}), then the application's {@link UpgradeHandler}. How the answer is
 * written is the caller's. Stateless and thread-safe.
 */
public final class UpgradeDecision {
    private UpgradeDecision() {
    }

    /** What was decided. */
    public sealed interface Decision permits Accept, Reject, Refuse {
    }

    /**
     * The protocol and the application accept: answer 101 (§4.2.2 step 5), then open the connection.
     *
     * @param request the client's request
     * @param accepted the 101 response and what was agreed, whose extensions the holder now owns
     * @param attributes the values the application attached to the socket
     */
    public record Accept(HandshakeRequest request, ServerHandshake.Accepted accepted, Map<String, ?> attributes)
        implements Decision {
        /** Checks the parts. */
        public Accept {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(accepted, "accepted");
            attributes = Map.copyOf(attributes);
        }

        /** Closes the agreed extensions of a connection that will not open after all. */
        public void discard() {
            accepted.extensions().forEach(Extension::close);
        }

        /**
         * Opens the server side of the connection with what was agreed: the engine starts (§4.2.2: "the WebSocket
         * connection is established") and is fed the bytes that followed the request.
         *
         * @param connection the connection, under its lock
         * @param listener the application's listener
         * @param leftover bytes received after the request's head
         */
        void open(Connection connection, WebSocket.Listener listener, ByteBuffer leftover) {
            if (!attributes.isEmpty()) {
                // asked for only when there is something to attach: a connection without attributes holds no map
                connection.attributes().putAll(attributes);
            }
            String extensionsHeader = accepted.response().headers().first("Sec-WebSocket-Extensions").orElse("");
            connection.open(accepted.extensions(), accepted.subprotocol().orElse(""), extensionsHeader,
                uriOf(request.target()), listener, leftover);
        }
    }

    /**
     * The protocol refuses the request (§4.2.1): answer with the rejection's status, headers and body.
     *
     * @param rejected the rejection
     */
    public record Reject(ServerHandshake.Rejected rejected) implements Decision {
        /** Checks the part. */
        public Reject {
            Objects.requireNonNull(rejected, "rejected");
        }
    }

    /**
     * The application's upgrade handler refuses the request (or threw, which refuses it with 500).
     *
     * @param refusal the refusal
     */
    public record Refuse(UpgradeHandler.Refuse refusal) implements Decision {
        /** Checks the part. */
        public Refuse {
            Objects.requireNonNull(refusal, "refusal");
        }
    }

    /**
     * Judges a request: the protocol first, then, for a request it accepts, the application.
     *
     * @param request the request, where it came from and over what
     * @param policy the handshake's policy
     * @param application the application's say
     * @return the decision
     */
    public static Decision decide(UpgradeRequest request, ServerHandshakeConfig policy, UpgradeHandler application) {
        return switch (ServerHandshake.evaluate(request.request(), policy)) {
            case ServerHandshake.Rejected rejected -> new Reject(rejected);
            case ServerHandshake.Accepted accepted -> askApplication(request, accepted, application);
        };
    }

    /** Lets the application's upgrade handler decide; a refusal (or a handler that throws) discards the agreement. */
    private static Decision askApplication(UpgradeRequest request, ServerHandshake.Accepted accepted,
                                           UpgradeHandler application) {
        UpgradeHandler.Decision decision;
        try {
            decision = application.onUpgrade(request);
        } catch (RuntimeException e) {
            Connection.LOG.warn("Upgrade handler failed on {} {}; answering 500", request.request().method(),
                request.request().target(), e);
            decision = UpgradeHandler.Decision.refuse(500, "Internal Server Error");
        }
        return switch (decision) {
            case UpgradeHandler.Accept agreed -> new Accept(request.request(), accepted, agreed.attributes());
            case UpgradeHandler.Refuse refusal -> {
                accepted.extensions().forEach(Extension::close);
                yield new Refuse(refusal);
            }
        };
    }

    /**
     * Returns the request-target's path, without the query.
     *
     * @param target the request-target
     * @return the path
     */
    static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static URI uriOf(String target) {
        try {
            return new URI(target);
        } catch (URISyntaxException e) {
            return URI.create(pathOf(target).replaceAll("[^A-Za-z0-9/._~-]", ""));
        }
    }
}
