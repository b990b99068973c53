package dev.wskit.benchmarks.compare;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The reference: a minimal Netty WebSocket echo server as Netty's own examples write it (HTTP codec,
 * aggregator, optional compression handler, {@link WebSocketServerProtocolHandler}, an echo handler) on NIO
 * event loops, one per core (Netty 4.2's {@link MultiThreadIoEventLoopGroup}, the version Vert.x also runs on);
 * with the JDK's TLS in an {@link SslHandler} for TLS targets. Inflated messages are limited to 1 MiB, as
 * frames are. Thread-safe.
 */
final class NettyServer implements EchoServer {
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private NettyServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Starts the server.
     *
     * @param threads the number of event loops
     * @param tls the TLS context, or {@code null} for plain
     * @param deflate whether to accept permessage-deflate
     * @return the running server
     * @throws InterruptedException when interrupted while binding
     */
    static NettyServer start(int threads, SSLContext tls, boolean deflate) throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        Channel channel = new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    configure(channel.pipeline(), tls, deflate);
                }
            })
            .bind("127.0.0.1", 0).sync().channel();
        return new NettyServer(boss, workers, channel);
    }

    @Override
    public int echoPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public int sinkPort() {
        return echoPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void configure(ChannelPipeline pipeline, SSLContext tls, boolean deflate) {
        if (tls != null) {
            SSLEngine engine = tls.createSSLEngine();
            engine.setUseClientMode(false);
            pipeline.addLast(new SslHandler(engine));
        }
        pipeline.addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024));
        if (deflate) {
            pipeline.addLast(new WebSocketServerCompressionHandler(MAX_FRAME));
        }
        pipeline.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/")
            .checkStartsWith(true)
            .allowExtensions(deflate)
            .maxFramePayloadLength(MAX_FRAME)
            .build()));
        pipeline.addLast(new Echo());
    }

    /** Echoes each frame, or drops it on a {@code /sink} connection. One per connection. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        private boolean sink;

        Echo() {
            super(false);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                sink = handshake.requestUri().startsWith("/sink");
            }
            super.userEventTriggered(context, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            // A load generator closing with echoes in flight resets the connection: close it, as Netty's examples do.
            context.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
            if (sink) {
                frame.release();
            } else {
                context.writeAndFlush(frame);
            }
        }
    }
}
