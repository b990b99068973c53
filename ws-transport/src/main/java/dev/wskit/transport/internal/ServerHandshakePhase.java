package dev.wskit.transport.internal;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshake;
import dev.wskit.transport.HttpHandler;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.metrics.EndpointTags;
import dev.wskit.transport.spi.TransportChannel;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The server's opening handshake: reads the client's request (RFC 6455 §4.2.1), routes it to an endpoint, the
 * HTTP handler or a rejection, and answers (§4.2.2); an accepted request opens the connection. Admits the
 * connection to its server's limit, and takes it off the server's book when it ends. Guarded by the connection's
 * lock.
 */
final class ServerHandshakePhase implements HandshakePhase {
    private final ServerConfig config;
    private final ServerRegistry registry;
    /** Reads the request; let go once it has read one, as the open connection never needs it again. */
    private HttpHeadParser<HandshakeRequest> parser;
    private boolean admitted;
    private String endpointPath = EndpointTags.UNMATCHED;

    /**
     * Creates the handshake of an accepted connection.
     *
     * @param config the server's configuration
     * @param registry the server's book of connections
     */
    ServerHandshakePhase(ServerConfig config, ServerRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.parser = config.handshake().newRequestParser();
    }

    @Override
    public void started(Connection connection) {
        // the client speaks first
    }

    @Override
    public void received(Connection connection, ByteBuffer data) {
        if (parser == null) {
            // the request was read whole and answered: what follows is no longer the handshake's
            return;
        }
        switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeRequest> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeRequest> rejected -> {
                parser = null;
                reject(connection, ServerHandshake.Rejected.of(rejected.status(), rejected.reason()));
            }
            case HttpHeadParser.Complete<HandshakeRequest> complete -> {
                parser = null;
                route(connection, complete.head(), complete.leftover());
            }
        }
    }

    private void route(Connection connection, HandshakeRequest request, ByteBuffer leftover) {
        if (!request.headers().containsToken("Upgrade", "websocket")) {
            answerPlainRequest(connection, request);
            return;
        }
        String path = UpgradeDecision.pathOf(request.target());
        Supplier<WebSocket.Listener> endpoint = config.endpoints().get(path);
        if (endpoint == null) {
            reject(connection, ServerHandshake.Rejected.of(404, "No WebSocket endpoint at " + request.target()));
            return;
        }
        endpointPath = path;
        TransportChannel transport = connection.channel();
        UpgradeRequest upgrade = new UpgradeRequest(request, transport.remoteAddress(), transport.isSecure());
        switch (UpgradeDecision.decide(upgrade, config.handshake(), config.upgradeHandler())) {
            case UpgradeDecision.Reject reject -> reject(connection, reject.rejected());
            case UpgradeDecision.Refuse refuse -> refuse(connection, refuse.refusal());
            case UpgradeDecision.Accept accept -> accept(connection, accept, endpoint, leftover);
        }
    }

    /** Answers a request that asks for no upgrade: the HTTP handler's reply, or 426. */
    private void answerPlainRequest(Connection connection, HandshakeRequest request) {
        if (config.httpHandler() != null) {
            HttpHandler.Reply reply = config.httpHandler().handle(request);
            answer(connection, reply.status(), reply.headers(), reply.body());
        } else {
            // RFC 6455 §4.2.2, RFC 9110 §15.5.22: 426 names the protocol (and version) to upgrade to
            reject(connection, new ServerHandshake.Rejected(426, HttpHeaders.of("Upgrade", "websocket",
                "Sec-WebSocket-Version", "13", "Connection", "Upgrade, close"),
                "Upgrade Required: this is a WebSocket endpoint"));
        }
    }

    private void accept(Connection connection, UpgradeDecision.Accept accept, Supplier<WebSocket.Listener> endpoint,
                        ByteBuffer leftover) {
        if (!registry.admit()) {
            accept.discard();
            reject(connection, ServerHandshake.Rejected.of(503, "Too many connections"));
            return;
        }
        admitted = true;
        connection.measure(config.connection().metrics(), tags());
        connection.queueHandshakeOutput(accept.accepted().responseBytes(), false);
        accept.open(connection, endpoint.get(), leftover);
    }

    /** Answers the application's refusal. */
    private void refuse(Connection connection, UpgradeHandler.Refuse refuse) {
        ConnectionProbe.rejected(config.connection().metrics(), tags(), refuse.status());
        answer(connection, refuse.status(), refuse.headers().toBuilder()
            .add("Content-Type", "text/plain; charset=utf-8").build(), refuse.bodyBytes());
    }

    private void reject(Connection connection, ServerHandshake.Rejected rejected) {
        ConnectionProbe.rejected(config.connection().metrics(), tags(), rejected.status());
        connection.queueHandshakeOutput(rejected.responseBytes(), true);
    }

    /** Answers with a status, headers and a body, then closes. */
    private static void answer(Connection connection, int status, HttpHeaders extraHeaders, byte[] body) {
        HttpHeaders headers = extraHeaders.toBuilder()
            .add("Content-Length", Integer.toString(body.length))
            .add("Connection", "close")
            .build();
        ByteBuffer head = HandshakeResponse.of(status, headers).encode();
        ByteBuffer bytes = ByteBuffer.allocate(head.remaining() + body.length);
        bytes.put(head).put(body).flip();
        connection.queueHandshakeOutput(bytes, true);
    }

    @Override
    public void failed(Connection connection, Throwable cause) {
        // nothing to report: no application listener has been told of this connection yet
    }

    @Override
    public void ended(Connection connection) {
        registry.forget(connection, admitted);
    }

    private EndpointTags tags() {
        return new EndpointTags(endpointPath, config.transport().name());
    }
}
