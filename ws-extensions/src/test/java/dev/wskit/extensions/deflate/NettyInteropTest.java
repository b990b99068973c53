package dev.wskit.extensions.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.wskit.codec.Opcode;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.ExtensionOffer.Parameter;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.spi.ExtensionNegotiator.Agreement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exchanges compressed messages with Netty's permessage-deflate, both roles, with and without context. */
class NettyInteropTest {
    private static final int PIECE = 1000;

    @Test
    void nettyClientAndWskitServer() {
        for (boolean reset : new boolean[] {false, true}) {
            for (DeflateConfig config : configs()) {
                PerMessageDeflateClientExtensionHandshaker netty =
                    new PerMessageDeflateClientExtensionHandshaker(6, true, 15, true, reset);
                try (PerMessageDeflate server = new PerMessageDeflate(config)) {
                    Agreement agreement = server.accept(List.of(toOffer(netty.newRequestData()))).orElseThrow();
                    WebSocketExtension nettyClient = netty.handshakeExtension(toData(agreement.response()));
                    assertNotNull(nettyClient, agreement.response().format());
                    try (DeflateExtension ours = (DeflateExtension) agreement.extension()) {
                        exchange(ours, nettyClient, agreement.response().format());
                    }
                }
            }
        }
    }

    @Test
    void wskitClientAndNettyServer() throws HandshakeException {
        for (boolean nettyResets : new boolean[] {false, true}) {
            for (DeflateConfig config : configs()) {
                int clientWindow = nettyResets ? 10 : 15;
                PerMessageDeflateServerExtensionHandshaker netty =
                    new PerMessageDeflateServerExtensionHandshaker(6, true, clientWindow, true, nettyResets);
                try (PerMessageDeflate client = new PerMessageDeflate(config)) {
                    var nettyServer = netty.handshakeExtension(toData(client.offers().get(0)));
                    assertNotNull(nettyServer, client.offers().get(0).format());
                    ExtensionOffer response = toOffer(nettyServer.newReponseData());
                    try (DeflateExtension ours = client.accepted(response)) {
                        exchange(ours, nettyServer, response.format());
                    }
                }
            }
        }
    }

    private static List<DeflateConfig> configs() {
        return List.of(DeflateConfig.builder().threshold(0).build(),
            DeflateConfig.lowMemory().toBuilder().threshold(0).build(),
            DeflateConfig.builder().threshold(0).ownMaxWindowBits(9).build());
    }

    private static void exchange(DeflateExtension ours, WebSocketExtension netty, String agreed) {
        EmbeddedChannel nettyEncoder = new EmbeddedChannel(netty.newExtensionEncoder());
        EmbeddedChannel nettyDecoder = new EmbeddedChannel(netty.newExtensionDecoder());
        for (byte[] message : messages()) {
            assertArrayEquals(message, nettyToOurs(nettyEncoder, ours, message, false), agreed);
            assertArrayEquals(message, nettyToOurs(nettyEncoder, ours, message, true), agreed + " fragmented");
            assertArrayEquals(message, oursToNetty(ours, nettyDecoder, message, false), agreed);
            assertArrayEquals(message, oursToNetty(ours, nettyDecoder, message, true), agreed + " fragmented");
        }
        nettyEncoder.finishAndReleaseAll();
        nettyDecoder.finishAndReleaseAll();
    }

    private static byte[] nettyToOurs(EmbeddedChannel nettyEncoder, DeflateExtension ours, byte[] message,
                                      boolean fragmented) {
        List<WebSocketFrame> frames = frames(message, fragmented, 0, List.of());
        for (WebSocketFrame frame : frames) {
            nettyEncoder.writeOutbound(frame);
        }
        Wire.Collector out = new Wire.Collector();
        boolean first = true;
        for (WebSocketFrame compressed; (compressed = nettyEncoder.readOutbound()) != null; first = false) {
            ours.decoder().onFrameHeader(first, compressed.rsv());
            ours.decoder().decode(ByteBuffer.wrap(ByteBufUtil.getBytes(compressed.content())), out);
            if (compressed.isFinalFragment()) {
                ours.decoder().endMessage(out);
            }
            compressed.release();
        }
        return out.bytes();
    }

    private static byte[] oursToNetty(DeflateExtension ours, EmbeddedChannel nettyDecoder, byte[] message,
                                      boolean fragmented) {
        assertEquals(0b100, ours.encoder().startMessage(Opcode.BINARY, fragmented ? -1 : message.length));
        List<byte[]> compressed = new ArrayList<>();
        int start = 0;
        do {
            int end = fragmented ? Math.min(message.length, start + PIECE) : message.length;
            Wire.Collector piece = new Wire.Collector();
            ours.encoder().encode(ByteBuffer.wrap(message, start, end - start), end == message.length, piece);
            compressed.add(piece.bytes());
            start = end;
        } while (start < message.length);
        for (WebSocketFrame frame : frames(null, fragmented, 0b100, compressed)) {
            nettyDecoder.writeInbound(frame);
        }
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        for (WebSocketFrame frame; (frame = nettyDecoder.readInbound()) != null;) {
            inflated.writeBytes(ByteBufUtil.getBytes(frame.content()));
            frame.release();
        }
        return inflated.toByteArray();
    }

    /** Frames for a message cut into pieces, or for pieces given; RSV on the first frame only. */
    private static List<WebSocketFrame> frames(byte[] message, boolean fragmented, int rsv, List<byte[]> given) {
        List<byte[]> pieces = given.isEmpty() ? cut(message, fragmented ? PIECE : Integer.MAX_VALUE) : given;
        List<WebSocketFrame> frames = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            ByteBuf content = Unpooled.wrappedBuffer(pieces.get(i));
            boolean last = i == pieces.size() - 1;
            frames.add(i == 0 ? new BinaryWebSocketFrame(last, rsv, content)
                : new ContinuationWebSocketFrame(last, 0, content));
        }
        return frames;
    }

    private static List<byte[]> cut(byte[] message, int piece) {
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        do {
            int end = (int) Math.min(message.length, (long) start + piece);
            byte[] part = new byte[end - start];
            System.arraycopy(message, start, part, 0, part.length);
            pieces.add(part);
            start = end;
        } while (start < message.length);
        return pieces;
    }

    private static List<byte[]> messages() {
        List<byte[]> messages = new ArrayList<>(MessageDeflaterTest.sampleMessages());
        Random random = new Random(3);
        for (int size : new int[] {125, 16 * 1024}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            messages.add(noise);
        }
        return messages;
    }

    private static ExtensionOffer toOffer(WebSocketExtensionData data) {
        List<Parameter> parameters = new ArrayList<>();
        data.parameters().forEach((name, value) -> parameters.add(new Parameter(name, value)));
        return new ExtensionOffer(data.name(), parameters);
    }

    private static WebSocketExtensionData toData(ExtensionOffer offer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        offer.parameters().forEach(parameter -> parameters.put(parameter.name(), parameter.value()));
        return new WebSocketExtensionData(offer.name(), parameters);
    }
}
