package dev.wskit.transport;

import static dev.wskit.transport.CompressionBehaviourTest.compressibleBytes;
import static dev.wskit.transport.CompressionBehaviourTest.wordSoup;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ServerHandshakeConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop: Netty WebSocket clients negotiating permessage-deflate (RFC 7692) with a wskit server on every
 * transport, receiving broadcasts (compressed once for all when the server resets its window, §7.1.1.1, or per
 * connection when it keeps it), the server's own messages in between, and messages sent with
 * {@link Compression#NONE}: Netty's inflater takes every one of them back to the original bytes.
 */
class NettyDeflateClientInteropTest {
    private static EventLoopGroup loops;

    @BeforeAll
    static void startLoops() {
        // Netty's direct-memory tricks need sun.misc.Unsafe, which JDK 24+ warns about; the test needs none of them
        System.setProperty("io.netty.noUnsafe", "true");
        loops = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoops() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static Stream<Arguments> serverWindows() {
        return TransportMatrix.plainCrossedWith(List.<Object[]>of(
            new Object[] {"server resets its window", true},
            new Object[] {"server keeps its window", false}));
    }

    /** Netty's side: collects the messages its compression handler has inflated. */
    private static final class Collecting extends SimpleChannelInboundHandler<WebSocketFrame> {
        final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case TextWebSocketFrame text -> received.add(text.text());
                case BinaryWebSocketFrame binary -> received.add(ByteBufUtil.getBytes(binary.content()));
                default -> { }
            }
        }

        Object next() throws InterruptedException {
            Object next = received.poll(60, TimeUnit.SECONDS);
            assertNotNull(next, "Netty received nothing within 10 s");
            return next;
        }
    }

    private static Collecting connectNetty(Harness peers, int port, boolean askServerToReset) throws Exception {
        Collecting collecting = new Collecting();
        WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(URI.create("ws://127.0.0.1:" + port + "/echo")).allowExtensions(true)
            .maxFramePayloadLength(Harness.BIG).build();
        Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel channel) {
                    // level 6, no client window limit asked, a 32 KiB server window, and
                    // server_no_context_takeover requested or not
                    channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                        new WebSocketClientExtensionHandler(new PerMessageDeflateClientExtensionHandshaker(
                            6, false, 15, false, askServerToReset)),
                        new WebSocketClientProtocolHandler(protocol), collecting);
                }
            })
            .connect("127.0.0.1", port).sync().channel();
        peers.closeLater(() -> channel.close().syncUninterruptibly());
        return collecting;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serverWindows")
    void nettyClientsInflateBroadcastsBetweenTheServersOwnMessages(Harness peers, String name, boolean resets)
        throws Exception {
        PerMessageDeflate deflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        WebSocketServer server = peers.server(config -> config
            .handshake(ServerHandshakeConfig.builder().extensions(deflate).build())
            .endpoint("/echo", RecordingListener::new));
        List<Collecting> clients = List.of(connectNetty(peers, server.port(), resets),
            connectNetty(peers, server.port(), resets));
        Await.until(Duration.ofSeconds(60), () -> server.connections().size() == 2,
            () -> "open connections: " + server.connections().size());
        for (WebSocket socket : server.connections()) {
            assertEquals(resets ? "permessage-deflate; server_no_context_takeover" : "permessage-deflate",
                socket.extensions());
        }
        String text = wordSoup(5000);
        byte[] binary = compressibleBytes(70_000);
        for (int round = 0; round < 2; round++) {
            server.broadcast(PreparedMessage.text(text)).get(60, TimeUnit.SECONDS);
            for (WebSocket socket : server.connections()) {
                socket.sendText(text + round);
                socket.sendBinary(ByteBuffer.wrap(binary), Compression.NONE);
            }
            server.broadcast(PreparedMessage.binary(ByteBuffer.wrap(binary))).get(60, TimeUnit.SECONDS);
            server.broadcast(PreparedMessage.text("tiny")).get(60, TimeUnit.SECONDS);
        }
        for (Collecting client : clients) {
            for (int round = 0; round < 2; round++) {
                assertEquals(text, client.next());
                assertEquals(text + round, client.next());
                assertArrayEquals(binary, (byte[]) client.next());
                assertArrayEquals(binary, (byte[]) client.next());
                assertEquals("tiny", client.next());
            }
        }
    }
}
