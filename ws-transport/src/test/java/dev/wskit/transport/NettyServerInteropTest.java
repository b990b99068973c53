package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop: wskit's client on every transport, plain and over TLS, against a Netty WebSocket server: text,
 * binary, fragments, ping and pong, and the close handshake from either side.
 */
class NettyServerInteropTest {
    private static final String MATRIX = "dev.wskit.transport.TransportMatrix#all";
    private static EventLoopGroup loops;

    @BeforeAll
    static void startLoops() {
        // Netty's direct-memory tricks need sun.misc.Unsafe, which JDK 24+ warns about; the test needs none of them
        System.setProperty("io.netty.noUnsafe", "true");
        loops = new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Netty's side: echoes data frames as they come (so fragments come back as fragments), and on request sends
     * fragments, pings or closes. Records what it sees that the protocol handler passes on.
     */
    private static final class ScriptedHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        private boolean closing;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case TextWebSocketFrame text when text.isFinalFragment() && script(ctx, text.text()) -> { }
                case TextWebSocketFrame text -> ctx.writeAndFlush(text.retainedDuplicate());
                case BinaryWebSocketFrame binary -> ctx.writeAndFlush(binary.retainedDuplicate());
                case ContinuationWebSocketFrame continuation -> ctx.writeAndFlush(continuation.retainedDuplicate());
                case PongWebSocketFrame pong -> seen.add("pong " + pong.content().toString(StandardCharsets.UTF_8));
                case CloseWebSocketFrame close -> {
                    seen.add("close " + close.statusCode() + " " + close.reasonText());
                    if (closing) {
                        ctx.close();
                    } else {
                        // RFC 6455 §5.5.1: answer with a Close echoing the code, then (as the server) close TCP
                        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), close.reasonText()))
                            .addListener(ChannelFutureListener.CLOSE);
                    }
                }
                default -> seen.add("unexpected " + frame);
            }
        }

        private boolean script(ChannelHandlerContext ctx, String text) {
            seen.add("text " + text);
            switch (text) {
                case "fragments please" -> {
                    ctx.write(new TextWebSocketFrame(false, 0, "frag"));
                    ctx.write(new ContinuationWebSocketFrame(false, 0, Unpooled.EMPTY_BUFFER));
                    ctx.writeAndFlush(new ContinuationWebSocketFrame(true, 0, "ments ✓"));
                    return true;
                }
                case "ping please" -> {
                    ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.copiedBuffer("nty", StandardCharsets.UTF_8)));
                    return true;
                }
                case "close please" -> {
                    closing = true;
                    ctx.writeAndFlush(new CloseWebSocketFrame(4001, "netty bye"));
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        String next() throws InterruptedException {
            String next = seen.poll(60, TimeUnit.SECONDS);
            assertNotNull(next, "Netty saw nothing within 60 s");
            return next;
        }
    }

    private static Channel startNetty(SSLContext tls, ScriptedHandler handler) throws InterruptedException {
        WebSocketServerProtocolConfig protocol = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws").handleCloseFrames(false).dropPongFrames(false)
            .maxFramePayloadLength(Harness.BIG).build();
        return new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    if (tls != null) {
                        SSLEngine engine = tls.createSSLEngine();
                        engine.setUseClientMode(false);
                        channel.pipeline().addLast(new SslHandler(engine));
                    }
                    channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                        new WebSocketServerProtocolHandler(protocol), handler);
                }
            })
            .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    private static WebSocket connect(Harness peers, ScriptedHandler handler, RecordingListener client)
        throws Exception {
        Channel server = startNetty(peers.serverTls(), handler);
        peers.closeLater(() -> server.close().syncUninterruptibly());
        return peers.connect(((InetSocketAddress) server.localAddress()).getPort(), "/ws", client, config -> config);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void wskitClientExchangesTextAndBinary(Harness peers) throws Exception {
        ScriptedHandler netty = new ScriptedHandler();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, netty, client);
        byte[] payload = new byte[200_000];
        new Random(9).nextBytes(payload);
        String text = "héllo ✓ " + "y".repeat(70_000);
        socket.sendText(text);
        socket.sendBinary(ByteBuffer.wrap(payload));
        socket.sendBinary(ByteBuffer.allocate(0));
        assertEquals(text, client.nextMessage());
        assertArrayEquals(payload, (byte[]) client.nextMessage());
        assertArrayEquals(new byte[0], (byte[]) client.nextMessage());
        assertEquals("text " + text, netty.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void fragmentsTravelBothWays(Harness peers) throws Exception {
        ScriptedHandler netty = new ScriptedHandler();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, netty, client);
        socket.sendText("frag", false);
        socket.sendText("mented", true);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1}), false);
        socket.sendBinary(ByteBuffer.wrap(new byte[] {2, 3}), true);
        socket.sendText("fragments please");
        assertEquals("fragmented", client.nextMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) client.nextMessage());
        assertEquals("fragments ✓", client.nextMessage());
        assertEquals("text fragments please", netty.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void pingsAreAnsweredBothWays(Harness peers) throws Exception {
        ScriptedHandler netty = new ScriptedHandler();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, netty, client);
        assertEquals("open", client.next());
        socket.ping(ByteBuffer.wrap("wsk".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong " + ByteBufUtil.hexDump("wsk".getBytes(StandardCharsets.UTF_8)), client.next());
        socket.sendText("ping please");
        assertEquals("ping nty", client.next());
        assertEquals(List.of("text ping please", "pong nty"), List.of(netty.next(), netty.next()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void wskitClientClosesWithCodeAndReason(Harness peers) throws Exception {
        ScriptedHandler netty = new ScriptedHandler();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, netty, client);
        socket.close(4000, "wskit bye").get(60, TimeUnit.SECONDS);
        assertEquals("close 4000 wskit bye", netty.next());
        assertEquals(List.of("open", "close 4000 wskit bye clean=true"), client.untilClose());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(MATRIX)
    void nettyServerClosesWithCodeAndReason(Harness peers) throws Exception {
        ScriptedHandler netty = new ScriptedHandler();
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, netty, client);
        socket.sendText("close please");
        assertEquals(List.of("open", "close 4001 netty bye clean=true"), client.untilClose());
        assertEquals("text close please", netty.next());
        assertEquals("close 4001 netty bye", netty.next());
    }
}
