package dev.wskit.transport.internal;

import dev.wskit.codec.message.MessageBudget;
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
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The server side of a connection: reads the client's request (RFC 6455 §4.2.1), routes it to an endpoint,
 * the HTTP handler or a rejection, answers (§4.2.2), then runs the engine.
 */
public final class ServerConnection extends Connection {
    private final ServerConfig config;
    private final ServerRegistry registry;
    private final HttpHeadParser<HandshakeRequest> parser;
    private boolean admitted;
    private String endpointPath = EndpointTags.UNMATCHED;

    /**
     * Creates the server side of an accepted connection.
     *
     * @param config the server's configuration
     * @param registry the server's book of connections
     * @param inboundBudget the server's budget for messages in assembly, shared by its connections
     */
    public ServerConnection(ServerConfig config, ServerRegistry registry, MessageBudget inboundBudget) {
        this(config, registry, inboundBudget, NanoClock.SYSTEM);
    }

    /**
     * Creates the server side of an accepted connection that reads its deadlines from the given clock.
     *
     * @param config the server's configuration
     * @param registry the server's book of connections
     * @param inboundBudget the server's budget for messages in assembly, shared by its connections
     * @param clock where deadlines are read from
     */
    ServerConnection(ServerConfig config, ServerRegistry registry, MessageBudget inboundBudget, NanoClock clock) {
        super(config.connection().engine(), config.connection().handshakeTimeout().toMillis(),
            config.connection().backpressure(), config.connection().callbackExecutor(), inboundBudget, clock);
        this.config = config;
        this.registry = registry;
        this.parser = config.handshake().newRequestParser();
        registry.track(this);
    }

    @Override
    protected void handshakeStarted() {
    }

    @Override
    protected void handshakeReceived(ByteBuffer data) {
        switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeRequest> needMore -> { }
            case HttpHeadParser.Rejected<HandshakeRequest> rejected ->
                reject(ServerHandshake.Rejected.of(rejected.status(), rejected.reason()));
            case HttpHeadParser.Complete<HandshakeRequest> complete -> route(complete.head(), complete.leftover());
        }
    }

    private void route(HandshakeRequest request, ByteBuffer leftover) {
        if (!request.headers().containsToken("Upgrade", "websocket")) {
            if (config.httpHandler() != null) {
                answerPlainHttp(config.httpHandler().handle(request));
            } else {
                // RFC 6455 §4.2.2, RFC 9110 §15.5.22: 426 names the protocol (and version) to upgrade to
                reject(new ServerHandshake.Rejected(426, HttpHeaders.of("Upgrade", "websocket",
                    "Sec-WebSocket-Version", "13", "Connection", "Upgrade, close"),
                    "Upgrade Required: this is a WebSocket endpoint"));
            }
            return;
        }
        Supplier<WebSocket.Listener> endpoint = config.endpoints().get(pathOf(request.target()));
        if (endpoint == null) {
            reject(ServerHandshake.Rejected.of(404, "No WebSocket endpoint at " + request.target()));
            return;
        }
        endpointPath = pathOf(request.target());
        TransportChannel transport = channel();
        UpgradeRequest upgrade = new UpgradeRequest(request, transport.remoteAddress(), transport.isSecure());
        switch (UpgradeDecision.decide(upgrade, config.handshake(), config.upgradeHandler())) {
            case UpgradeDecision.Reject reject -> reject(reject.rejected());
            case UpgradeDecision.Refuse refuse -> refuse(refuse.refusal());
            case UpgradeDecision.Accept accept -> accept(accept, endpoint, leftover);
        }
    }

    private void accept(UpgradeDecision.Accept accept, Supplier<WebSocket.Listener> endpoint, ByteBuffer leftover) {
        if (!registry.admit()) {
            accept.discard();
            reject(ServerHandshake.Rejected.of(503, "Too many connections"));
            return;
        }
        admitted = true;
        measure(config.connection().metrics(), tags());
        queueHandshakeOutput(accept.accepted().responseBytes(), false);
        accept.open(this, endpoint.get(), leftover);
    }

    /** Answers the application's refusal. */
    private void refuse(UpgradeHandler.Refuse refuse) {
        ConnectionProbe.rejected(config.connection().metrics(), tags(), refuse.status());
        answer(refuse.status(), refuse.headers().toBuilder().add("Content-Type", "text/plain; charset=utf-8")
            .build(), refuse.bodyBytes());
    }

    private void reject(ServerHandshake.Rejected rejected) {
        ConnectionProbe.rejected(config.connection().metrics(), tags(), rejected.status());
        queueHandshakeOutput(rejected.responseBytes(), true);
    }

    private void answerPlainHttp(HttpHandler.Reply reply) {
        answer(reply.status(), reply.headers(), reply.body());
    }

    /** Answers with a status, headers and a body, then closes. */
    private void answer(int status, HttpHeaders extraHeaders, byte[] body) {
        HttpHeaders headers = extraHeaders.toBuilder()
            .add("Content-Length", Integer.toString(body.length))
            .add("Connection", "close")
            .build();
        ByteBuffer head = HandshakeResponse.of(status, headers).encode();
        ByteBuffer bytes = ByteBuffer.allocate(head.remaining() + body.length);
        bytes.put(head).put(body).flip();
        queueHandshakeOutput(bytes, true);
    }

    @Override
    protected void handshakeFailed(Throwable cause) {
        // nothing to report: no application listener has been told of this connection yet
    }

    @Override
    public void onClosed(IOException cause) {
        super.onClosed(cause);
        registry.forget(this, admitted);
    }

    private EndpointTags tags() {
        return new EndpointTags(endpointPath, config.transport().name());
    }

    private static String pathOf(String target) {
        return UpgradeDecision.pathOf(target);
    }
}
