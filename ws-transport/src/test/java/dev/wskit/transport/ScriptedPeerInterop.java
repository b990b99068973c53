package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.DeflateParameters;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.ServerHandshakeConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interop with a real peer in another process ({@link PeerProcess}) on every transport over plain TCP: the
 * peer's echo server against wskit's client and the peer's client against wskit's server, with text, binary,
 * pings both ways and the close handshake from either side; with permessage-deflate (RFC 7692) as wskit's
 * defaults and as its lowMemory() settings (no context takeover either way), and without. Each subclass starts
 * its peer's script, and says loudly, then skips every test, when the peer is not installed.
 */
abstract class ScriptedPeerInterop {
    private static final String PLAIN = "dev.wskit.transport.TransportMatrix#plain";
    private static final String DEFLATE = "dev.wskit.transport.ScriptedPeerInterop#deflateSettings";

    /**
     * The command that runs the peer's script.
     *
     * @param arguments the script's arguments: {@code server} or {@code client URL}, maybe {@code --no-compression}
     * @return the program, the script and the arguments
     */
    abstract List<String> command(List<String> arguments);

    /** Variables the peer needs in its environment. */
    Map<String, String> environment() {
        return Map.of();
    }

    /** Whether the peer's client prints the Pings it answers. */
    abstract boolean reportsPings();

    /**
     * Why the peer cannot run here, as the subclass found out (and said loudly) before its first test.
     *
     * @return the reason, or {@code null} when the peer is installed
     */
    abstract String missing();

    /** Skips every test, each one counted as skipped, when the peer is missing. */
    @BeforeEach
    void requirePeer() {
        String missing = missing();
        if (missing != null) {
            Assumptions.abort(missing);
        }
    }

    /** wskit's permessage-deflate settings: the defaults, lowMemory() (no context takeover either way), or none. */
    static Stream<Arguments> deflateSettings() {
        return TransportMatrix.plainCrossedWith(List.of(new Object[] {"defaults"}, new Object[] {"lowMemory"},
            new Object[] {"off"}));
    }

    private static DeflateConfig config(String deflate) {
        return switch (deflate) {
            case "defaults" -> DeflateConfig.defaults();
            case "lowMemory" -> DeflateConfig.lowMemory();
            default -> null;
        };
    }

    /** A wskit endpoint that echoes, and on request pings or closes, as the peers' servers do. */
    private static final class ScriptedEndpoint extends RecordingListener {
        @Override
        public void onText(WebSocket socket, String text) {
            super.onText(socket, text);
            switch (text) {
                case "ping please" -> socket.ping(ByteBuffer.wrap("srv".getBytes(StandardCharsets.UTF_8)));
                case "close please" -> socket.close(4001, "server bye");
                default -> socket.sendText(text);
            }
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.sendBinary(data.duplicate());
            super.onBinary(socket, data);
        }
    }

    private PeerProcess start(Harness peers, DeflateConfig deflate, String... arguments) throws IOException {
        List<String> all = new ArrayList<>(List.of(arguments));
        if (deflate == null) {
            all.add("--no-compression");
        }
        return peers.closeLater(PeerProcess.start(command(all), environment()));
    }

    private static WebSocket connect(Harness peers, int port, DeflateConfig deflate, RecordingListener client)
        throws Exception {
        if (deflate == null) {
            return peers.connect(port, "/", client, config -> config);
        }
        PerMessageDeflate offered = peers.closeLater(new PerMessageDeflate(deflate));
        return peers.connect(port, "/", client, config -> config
            .handshake(ClientHandshakeConfig.builder().extensions(offered).build()));
    }

    /**
     * RFC 7692 §7.1: what a peer that compresses agrees to names permessage-deflate, with no context takeover
     * either way when wskit runs lowMemory(); without wskit's extension nothing is agreed.
     */
    private static void assertNegotiated(String extensions, DeflateConfig deflate) {
        if (deflate == null) {
            assertEquals("", extensions);
            return;
        }
        DeflateParameters agreed = DeflateParameters.parse(ExtensionOffer.parse(extensions).get(0));
        boolean resets = !deflate.ownContextTakeover();
        assertEquals(resets, agreed.serverNoContextTakeover(), extensions);
        assertEquals(resets, agreed.clientNoContextTakeover(), extensions);
    }

    /**
     * 200 KiB: 8 KiB of random bytes 25 times over, so that a compressor finds matches 8 KiB back, beyond a
     * window smaller than 2^14 that a peer may ask for (RFC 7692 §7.1.2).
     */
    private static byte[] repeatedRandomBlock(long seed) {
        byte[] block = new byte[8192];
        new Random(seed).nextBytes(block);
        byte[] payload = new byte[25 * block.length];
        for (int offset = 0; offset < payload.length; offset += block.length) {
            System.arraycopy(block, 0, payload, offset, block.length);
        }
        return payload;
    }

    @ParameterizedTest(name = "{0} deflate {1}")
    @MethodSource(DEFLATE)
    void wskitClientTalksToThePeersServer(Harness peers, String settings) throws Exception {
        DeflateConfig deflate = config(settings);
        PeerProcess server = start(peers, deflate, "server");
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, server.port(), deflate, client);
        assertEquals("open " + socket.extensions(), server.next());
        assertNegotiated(socket.extensions(), deflate);
        assertEquals("open", client.next());
        String text = "héllo ✓ " + "x".repeat(70_000);
        byte[] payload = repeatedRandomBlock(6455);
        socket.sendText(text);
        socket.sendBinary(ByteBuffer.wrap(payload));
        socket.sendBinary(ByteBuffer.allocate(0));
        assertEquals("text " + text.length() + " chars", client.next());
        assertEquals("binary " + payload.length, client.next());
        assertEquals("binary 0", client.next());
        assertEquals(text, client.nextMessage());
        assertArrayEquals(payload, (byte[]) client.nextMessage());
        assertArrayEquals(new byte[0], (byte[]) client.nextMessage());
        socket.ping(ByteBuffer.wrap("wsk".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong " + PeerProcess.hex("wsk"), client.next());
        socket.sendText("ping please");
        assertEquals("ping peer", client.next());
        socket.close(4000, "wskit bye").get(60, TimeUnit.SECONDS);
        assertEquals("close 4000 wskit bye clean=true", client.next());
        client.assertQuietAfterClose();
        assertEquals("closed 4000 wskit bye", server.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void peersServerClosesWithCodeAndReason(Harness peers) throws Exception {
        PeerProcess server = start(peers, DeflateConfig.defaults(), "server");
        RecordingListener client = new RecordingListener();
        WebSocket socket = connect(peers, server.port(), DeflateConfig.defaults(), client);
        socket.sendText("close please");
        assertEquals(List.of("open", "close 4001 peer bye clean=true"), client.untilClose());
        client.assertQuietAfterClose();
        assertEquals("open " + socket.extensions(), server.next());
        assertEquals("closed 4001 peer bye", server.next());
    }

    @ParameterizedTest(name = "{0} deflate {1}")
    @MethodSource(DEFLATE)
    void peersClientTalksToWskitServer(Harness peers, String settings) throws Exception {
        DeflateConfig deflate = config(settings);
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        PeerProcess client = startClient(peers, deflate, endpoint);
        WebSocket serverSide = endpoint.opened.get(60, TimeUnit.SECONDS);
        assertEquals("open " + serverSide.extensions(), client.next());
        assertNegotiated(serverSide.extensions(), deflate);
        String text = "κόσμε ✓ " + "y".repeat(70_000);
        byte[] payload = repeatedRandomBlock(7692);
        client.text(text);
        client.binary(payload);
        client.binary(new byte[0]);
        assertEquals("text " + PeerProcess.hex(text), client.next());
        assertEquals("binary " + HexFormat.of().formatHex(payload), client.next());
        assertEquals("binary ", client.next());
        client.ping("peer");
        assertEquals("pong " + PeerProcess.hex("peer"), client.next());
        client.text("ping please");
        if (reportsPings()) {
            assertEquals("ping " + PeerProcess.hex("srv"), client.next());
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            events.add(endpoint.next());
        }
        assertEquals(List.of("open", "text " + text.length() + " chars", "binary " + payload.length, "binary 0",
            "ping peer", "text ping please", "pong " + PeerProcess.hex("srv")), events);
        client.close(4000, "peer bye");
        assertEquals("closed 4000 peer bye", client.next());
        assertEquals("close 4000 peer bye clean=true", endpoint.closed.get(60, TimeUnit.SECONDS));
        assertEquals(PeerProcess.END, client.next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(PLAIN)
    void wskitServerClosesThePeersClientWithCodeAndReason(Harness peers) throws Exception {
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        PeerProcess client = startClient(peers, DeflateConfig.defaults(), endpoint);
        assertEquals("open " + endpoint.opened.get(60, TimeUnit.SECONDS).extensions(), client.next());
        client.text("close please");
        assertEquals("closed 4001 server bye", client.next());
        assertEquals("close 4001 server bye clean=true", endpoint.closed.get(60, TimeUnit.SECONDS));
        assertEquals(PeerProcess.END, client.next());
    }

    private PeerProcess startClient(Harness peers, DeflateConfig deflate, ScriptedEndpoint endpoint)
        throws Exception {
        WebSocketServer server;
        if (deflate == null) {
            server = peers.server(config -> config.endpoint("/interop", () -> endpoint));
        } else {
            PerMessageDeflate accepted = peers.closeLater(new PerMessageDeflate(deflate));
            server = peers.server(config -> config
                .handshake(ServerHandshakeConfig.builder().extensions(accepted).build())
                .endpoint("/interop", () -> endpoint));
        }
        return start(peers, deflate, "client", "ws://127.0.0.1:" + server.port() + "/interop");
    }
}
