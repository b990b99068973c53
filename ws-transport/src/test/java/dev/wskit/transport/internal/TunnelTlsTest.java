package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.nio.TlsSession;
import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.spi.TransportChannel;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS inside a proxy's tunnel, alone: records go after what is left of the CONNECT request, the handshake runs
 * against a JDK server engine, the client connection's output arrives encrypted, and close_notify comes last
 * (RFC 8446 §6.1).
 */
class TunnelTlsTest {
    private static final int MAX_ROUNDS = 20;
    private static SelfSignedCertificate certificate;

    private final Server server = new Server();
    private final Output output = new Output();
    private TunnelTls tunnel;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.forLocalhost();
    }

    @AfterAll
    static void forgetCertificate() {
        certificate = null;
    }

    @Test
    void recordsGoAfterWhatIsLeftOfTheRequestToTheProxy() throws Exception {
        ByteBuffer request = ByteBuffer.allocate(16).put("CONNECT".getBytes(StandardCharsets.US_ASCII));
        tunnel = new TunnelTls(newSession(), request);
        tunnel.unwrapStep(false);
        assertTrue(tunnel.wantsWrite(false), "the ClientHello waits");
        ByteBuffer dst = ByteBuffer.allocate(1 << 16);
        tunnel.produce(dst, false, output, false);
        assertEquals("CONNECT", StandardCharsets.US_ASCII.decode(dst.flip().slice(0, 7)).toString());
        assertEquals(22, dst.get(7), "a TLS handshake record follows the request");
    }

    @Test
    void outputOfTheClientConnectionArrivesEncryptedAndCloseNotifyComesLast() throws Exception {
        tunnel = new TunnelTls(newSession(), ByteBuffer.allocate(0));
        handshake();
        output.text = "hello through the tunnel";
        assertTrue(tunnel.hasOutput(true, output, false));
        pumpToServer(true, false);
        assertEquals("hello through the tunnel", server.takePlaintext());
        assertFalse(tunnel.hasOutput(true, output, false), "nothing left to send");
        assertFalse(tunnel.takeClose(), "no close before close_notify");

        assertTrue(tunnel.hasOutput(true, output, true), "a close owes close_notify");
        pumpToServer(true, true);
        assertTrue(server.engine.isInboundDone(), "the server saw close_notify");
        assertTrue(tunnel.takeClose());
        assertFalse(tunnel.takeClose(), "told once");
        assertFalse(tunnel.hasOutput(true, output, true));
    }

    @Test
    void serversDataIsLentAsPlaintextOnceTheHandshakeIsOver() throws Exception {
        tunnel = new TunnelTls(newSession(), ByteBuffer.allocate(0));
        handshake();
        tunnel.append(server.encrypt("from the server"));
        tunnel.unwrapStep(true);
        ByteBuffer plain = tunnel.plaintext();
        assertEquals("from the server", StandardCharsets.UTF_8.decode(plain).toString());
        plain.clear();
        assertNull(tunnel.plaintext());
    }

    private static TlsSession newSession() throws Exception {
        return TlsSession.client(new Transport.ClientTls(certificate.clientContext(), "localhost", true, 0), 443);
    }

    private void handshake() throws Exception {
        for (int round = 0; round < MAX_ROUNDS && tunnel.isHandshaking(); round++) {
            tunnel.unwrapStep(false);
            exchange();
        }
        assertFalse(tunnel.isHandshaking(), "the handshake did not finish");
        // the client's Finished out, the server's session tickets in
        exchange();
        for (int round = 0; tunnel.unwrapStep(true); round++) {
            assertTrue(round < MAX_ROUNDS, "the tickets were never read");
        }
        assertNull(tunnel.plaintext(), "no data before the server sends some");
    }

    /** Sends the server what the tunnel has, and hands the tunnel the server's answer. */
    private void exchange() throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(1 << 16);
        tunnel.produce(dst, false, output, false);
        server.inbox.put(dst.flip());
        tunnel.append(server.step());
    }

    private void pumpToServer(boolean handedOver, boolean closing) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(1 << 16);
        tunnel.produce(dst, handedOver, output, closing);
        server.inbox.put(dst.flip());
        server.step();
    }

    /** The client connection's output: one text, produced once. */
    private static final class Output implements ConnectionHandler {
        String text;

        @Override
        public boolean hasOutput() {
            return text != null;
        }

        @Override
        public int produce(ByteBuffer dst) {
            if (text == null) {
                return 0;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            dst.put(bytes);
            text = null;
            return bytes.length;
        }

        @Override
        public void onConnected(TransportChannel channel) {
        }

        @Override
        public void onReceived(ByteBuffer data) {
        }

        @Override
        public void onOutputFlushed() {
        }

        @Override
        public void onTimer(long nowNanos) {
        }

        @Override
        public void onClosed(IOException cause) {
        }
    }

    /** A JDK server engine driven by hand: what arrives in its inbox, what it answers. */
    private static final class Server {
        final SSLEngine engine;
        final ByteBuffer inbox = ByteBuffer.allocate(1 << 17);
        private final ByteBuffer plaintext = ByteBuffer.allocate(1 << 17);

        Server() {
            try {
                engine = certificate.serverContext().createSSLEngine();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            engine.setUseClientMode(false);
        }

        /** Takes what its inbox holds and returns the records it answers with. */
        ByteBuffer step() throws SSLException {
            ByteBuffer out = ByteBuffer.allocate(1 << 17);
            inbox.flip();
            boolean progress = true;
            while (progress) {
                progress = false;
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                        progress = true;
                    }
                    case NEED_WRAP -> {
                        engine.wrap(ByteBuffer.allocate(0), out);
                        progress = true;
                    }
                    default -> {
                        if (inbox.hasRemaining() && !engine.isInboundDone()) {
                            SSLEngineResult result = engine.unwrap(inbox, plaintext);
                            progress = result.bytesConsumed() > 0 || result.getHandshakeStatus()
                                == SSLEngineResult.HandshakeStatus.NEED_TASK
                                || result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
                        }
                    }
                }
            }
            inbox.compact();
            return out.flip();
        }

        ByteBuffer encrypt(String text) throws SSLException {
            ByteBuffer out = ByteBuffer.allocate(1 << 17);
            engine.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), out);
            return out.flip();
        }

        String takePlaintext() {
            String text = StandardCharsets.UTF_8.decode(plaintext.flip()).toString();
            plaintext.clear();
            return text;
        }
    }
}
