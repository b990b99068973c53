package dev.wskit.netty;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.spi.HostedUpgrade;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Puts wskit where Netty's websocketx handlers would go: after Netty's HTTP codec ({@link HttpServerCodec}, or an
 * {@link HttpRequestDecoder} and {@link HttpResponseEncoder}), it takes the upgrade requests to its path. It judges
 * each with wskit's {@link HostedUpgrade} (RFC 6455 §4.2.1, extension negotiation §9.1, the application's
 * {@link UpgradeHandler}), answers 101 (§4.2.2) or the refusal through the codec, and after the 101 removes the
 * HTTP handlers and runs wskit's engine over the channel's bytes: on the channel's event loop, behind any
 * {@link SslHandler} before the codec, with Netty's writability as the engine's output backpressure and
 * {@code autoRead} as its input backpressure. Other requests pass on to the handlers after it.
 *
 * <p>One instance per channel (it holds the state of its channel's upgrade); not {@link ChannelHandler.Sharable}.
 */
public final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {
    /** The name of the handler that carries a connection's bytes once upgraded. */
    public static final String CONNECTION_HANDLER_NAME = "wskit-connection";
    /** The host name that metrics are tagged with. */
    public static final String HOST_NAME = "netty";

    private final String path;
    private final Supplier<WebSocket.Listener> listeners;
    private final HostedUpgrade upgrade;
    private boolean upgrading;

    /**
     * Creates the handler of one endpoint with the default policy: no subprotocols or extensions, every request
     * that passes the protocol's checks accepted, {@link ConnectionSettings#defaults()}.
     *
     * @param path the request path (without query) it upgrades, such as {@code /chat}
     * @param listeners makes the listener of each connection
     */
    public WebSocketUpgradeHandler(String path, Supplier<WebSocket.Listener> listeners) {
        this(path, listeners, new HostedUpgrade(ServerHandshakeConfig.defaults(), UpgradeHandler.ACCEPT_ALL,
            ConnectionSettings.defaults(), HOST_NAME));
    }

    /**
     * Creates the handler of one endpoint.
     *
     * @param path the request path (without query) it upgrades, such as {@code /chat}
     * @param listeners makes the listener of each connection
     * @param upgrade the handshake's policy, the application's upgrade handler and the connection settings, which
     *     channels may share
     */
    public WebSocketUpgradeHandler(String path, Supplier<WebSocket.Listener> listeners, HostedUpgrade upgrade) {
        this.path = Objects.requireNonNull(path, "path");
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.upgrade = Objects.requireNonNull(upgrade, "upgrade");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (upgrading && msg instanceof HttpObject) {
            // the rest of the upgrade request (its empty last content), or anything the codec read after it
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof HttpRequest request && isUpgradeTo(request)) {
            upgrading = true;
            try {
                answer(ctx, request);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private boolean isUpgradeTo(HttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return path.equals(query < 0 ? uri : uri.substring(0, query))
            && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        HandshakeRequest head;
        try {
            head = new HandshakeRequest(request.method().name(), request.uri(), request.protocolVersion().text(),
                headersOf(request));
        } catch (IllegalArgumentException e) {
            refuse(ctx, new HostedUpgrade.Refused(400, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
                e.getMessage().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        boolean secure = ctx.pipeline().get(SslHandler.class) != null;
        UpgradeRequest upgradeRequest = new UpgradeRequest(head, (InetSocketAddress) ctx.channel().remoteAddress(),
            secure);
        switch (upgrade.evaluate(upgradeRequest)) {
            case HostedUpgrade.Refused refused -> refuse(ctx, refused);
            case HostedUpgrade.Accepted accepted -> switchProtocols(ctx, accepted);
        }
    }

    private static HttpHeaders headersOf(HttpRequest request) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (Map.Entry<String, String> field : request.headers()) {
            headers.add(field.getKey(), field.getValue());
        }
        return headers.build();
    }

    private static void refuse(ChannelHandlerContext ctx, HostedUpgrade.Refused refused) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(refused.status()), Unpooled.wrappedBuffer(refused.body()));
        refused.headers().forEach((name, value) -> response.headers().add(name, value));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, refused.body().length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Writes the 101 through the codec and starts the connection in a handler nearer the socket than the codec,
     * so that every byte the client sends after the request reaches the engine, not the codec. The codec (and
     * this handler) leave the pipeline once the 101 is written, as Netty's own handshaker does it.
     */
    private void switchProtocols(ChannelHandlerContext ctx, HostedUpgrade.Accepted accepted) {
        ChannelPipeline pipeline = ctx.pipeline();
        List<String> httpHandlers = httpHandlersOf(pipeline);
        if (httpHandlers.isEmpty()) {
            accepted.discard();
            throw new IllegalStateException("No HTTP codec before " + getClass().getSimpleName() + " in "
                + pipeline.names());
        }
        // handlers that would alter a 101 or the frames after it
        removeIfPresent(pipeline, HttpObjectAggregator.class);
        removeIfPresent(pipeline, HttpContentCompressor.class);
        removeIfPresent(pipeline, HttpServerKeepAliveHandler.class);
        ChannelConnection connection = new ChannelConnection(accepted.open(listeners.get()));
        pipeline.addBefore(httpHandlers.get(0), CONNECTION_HANDLER_NAME, connection);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        accepted.headers().forEach((name, value) -> response.headers().add(name, value));
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess()) {
                httpHandlers.forEach(pipeline::remove);
                pipeline.remove(this);
            } else {
                written.channel().close();
            }
        });
        connection.start();
    }

    private static List<String> httpHandlersOf(ChannelPipeline pipeline) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, ChannelHandler> entry : pipeline) {
            ChannelHandler handler = entry.getValue();
            if (handler instanceof HttpServerCodec || handler instanceof HttpRequestDecoder
                || handler instanceof HttpResponseEncoder) {
                names.add(entry.getKey());
            }
        }
        return names;
    }

    private static void removeIfPresent(ChannelPipeline pipeline, Class<? extends ChannelHandler> type) {
        if (pipeline.get(type) != null) {
            pipeline.remove(type);
        }
    }
}
