package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.handshake.spi.ExtensionNegotiator;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two extensions on one connection (RFC 6455 §9.1), on every transport, plain and over TLS: a server with the
 * permessage-deflate negotiator and a stand-in's ({@code x-xor}, on RSV2) agrees to both when a client offers
 * both, in the client's order, and messages of every kind go through the chain both ways.
 */
class ExtensionChainBehaviourTest {
    private static final String PHRASE = "deflated and XORed, in the order of the response: κόσμε ✓. ";

    static Stream<Arguments> transportsAndOrders() {
        return TransportMatrix.crossedWith(List.of(new Object[] {true}, new Object[] {false}));
    }

    @ParameterizedTest(name = "{0} deflate offered first: {1}")
    @MethodSource("transportsAndOrders")
    void clientAndServerExchangeMessagesThroughTwoExtensions(Harness peers, boolean deflateFirst) throws Exception {
        PerMessageDeflate serverDeflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        PerMessageDeflate clientDeflate = peers.closeLater(new PerMessageDeflate(DeflateConfig.defaults()));
        XorNegotiator serverXor = new XorNegotiator();
        XorNegotiator clientXor = new XorNegotiator();
        EchoListener echo = new EchoListener();
        WebSocketServer server = peers.server(config -> config.connection(c -> c.engine(Harness.bigLimits()))
            .handshake(ServerHandshakeConfig.builder().extensions(serverDeflate, serverXor).build())
            .endpoint("/echo", () -> echo));
        List<ExtensionNegotiator> offers = deflateFirst ? List.of(clientDeflate, clientXor)
            : List.of(clientXor, clientDeflate);
        RecordingListener client = new RecordingListener();
        WebSocket socket = peers.connect(server.port(), "/echo", client, config -> config.connection(c -> c.engine(Harness.bigLimits()))
            .handshake(ClientHandshakeConfig.builder().extensions(offers).build()));
        // RFC 6455 §9.1: the server answers in the order the client offered, which is the order of operation
        String agreed = deflateFirst ? "permessage-deflate, x-xor" : "x-xor, permessage-deflate";
        assertEquals(agreed, socket.extensions());
        assertEquals(agreed, echo.opened.get(60, TimeUnit.SECONDS).extensions());

        String text = PHRASE.repeat(500);
        byte[] random = new byte[70_000];
        new Random(18).nextBytes(random);
        socket.sendText(text);
        socket.sendBinary(ByteBuffer.wrap(random));
        socket.sendText("Hel", false);
        socket.sendText("lo", true);
        socket.sendBinary(ByteBuffer.wrap(random, 0, 1000), false);
        socket.sendBinary(ByteBuffer.wrap(random, 1000, 69_000), true);
        assertEquals(text, client.nextMessage());
        assertArrayEquals(random, (byte[]) client.nextMessage());
        assertEquals("Hello", client.nextMessage());
        assertArrayEquals(random, (byte[]) client.nextMessage());
        for (Object expected : new Object[] {text, random, "Hello", random}) {
            Object echoed = echo.nextMessage();
            if (expected instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) echoed);
            } else {
                assertEquals(expected, echoed);
            }
        }

        socket.close(1000, "done").get(60, TimeUnit.SECONDS);
        assertEquals("close 1000 done clean=true", echo.closed.get(60, TimeUnit.SECONDS));
        assertEquals(4, clientXor.encoded.get());
        assertEquals(4, serverXor.decoded.get());
        assertEquals(4, serverXor.encoded.get());
        assertEquals(4, clientXor.decoded.get());
        assertEquals("close 1000 done clean=true", client.closed.get(60, TimeUnit.SECONDS));
    }
}
