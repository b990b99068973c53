package dev.wskit.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.transport.hosted.HostedServerCases;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.spi.HostedUpgrade;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * wskit in an embedded Netty server: the hosted-server cases, and plain HTTP requests passing on to the
 * application's own handler after the upgrade handler.
 */
class WebSocketUpgradeHandlerTest extends HostedServerCases {
    private EventLoopGroup group;
    private Channel server;

    @Override
    protected URI start(Supplier<WebSocket.Listener> endpoint, HostedUpgrade upgrade) throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    channel.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new WebSocketUpgradeHandler(PATH, endpoint, upgrade))
                        .addLast(new PlainHttp());
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        InetSocketAddress address = (InetSocketAddress) server.localAddress();
        return URI.create("ws://127.0.0.1:" + address.getPort());
    }

    @Override
    protected void stop() throws Exception {
        if (server != null) {
            server.close().sync();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Override
    protected String hostName() {
        return WebSocketUpgradeHandler.HOST_NAME;
    }

    @Test
    void plainHttpRequestsPassOnToTheApplicationsHandler() throws Exception {
        URI base = start(() -> new WebSocket.Listener() { }, new HostedUpgrade(ServerHandshakeConfig.defaults(),
            UpgradeHandler.ACCEPT_ALL, ConnectionSettings.defaults(), hostName()));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + base.getPort() + PATH)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("plain " + PATH, response.body());
        }
    }

    /** The application's own HTTP handler, after wskit's. */
    private static final class PlainHttp extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            byte[] body = ("plain " + request.uri()).getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
