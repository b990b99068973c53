package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.net.ssl.SSLContext;

/**
 * Starts a peer's server in this JVM and sends it one text message through the load generator's own
 * connector, then checks the one reply: the same text, compressed for deflate targets (RFC 7692 §7.2.1).
 */
final class PeerEcho {
    private static final byte[] PAYLOAD = ClientFrames.payload(125);

    private PeerEcho() {
    }

    /**
     * Echoes one message off a target and checks the reply.
     *
     * @param name the target's name
     * @param certificate the certificate for TLS targets
     * @throws Exception when the server fails to start or answer
     */
    static void echoOnce(String name, SelfSignedCertificate certificate) throws Exception {
        Target target = Target.parse(name);
        try (EchoServer server = EchoServer.start(target, target.tls() ? certificate.serverContext() : null)) {
            SSLContext tls = target.tls() ? Connector.trusting(certificate.certificate().getEncoded()) : null;
            Connector connector = new Connector(target, new InetSocketAddress("127.0.0.1", server.echoPort()), tls);
            try (Link link = connector.open("/echo")) {
                link.write(ByteBuffer.wrap(ClientFrames.text(PAYLOAD, target.deflate())));
                check(target, readReply(link));
            }
        }
    }

    private static byte[] readReply(Link link) throws Exception {
        Replies replies = Replies.forTarget(Target.parse("netty"), 0);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int done = 0;
        while (done == 0) {
            buffer.clear();
            if (link.read(buffer) < 0) {
                throw new EOFException("Closed before the echo; received " + received.size() + " bytes");
            }
            buffer.flip();
            received.write(buffer.array(), 0, buffer.limit());
            done = replies.consume(buffer);
        }
        assertEquals(1, done);
        return received.toByteArray();
    }

    private static void check(Target target, byte[] reply) throws DataFormatException {
        int lengthCode = reply[1] & 0b0111_1111;
        int start = lengthCode == 126 ? 4 : 2;
        byte[] payload = Arrays.copyOfRange(reply, start, reply.length);
        // RFC 6455 §5.2: an unmasked, final text frame; RSV1 marks a compressed message (RFC 7692 §6).
        assertEquals(target.deflate() ? 0b1100_0001 : 0b1000_0001, reply[0] & 0xff);
        assertEquals(0, reply[1] & 0b1000_0000);
        assertArrayEquals(PAYLOAD, target.deflate() ? inflate(payload) : payload);
    }

    private static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            // RFC 7692 §7.2.2: append the tail the sender removed before inflating.
            byte[] whole = Arrays.copyOf(compressed, compressed.length + 4);
            whole[compressed.length + 2] = (byte) 0xff;
            whole[compressed.length + 3] = (byte) 0xff;
            inflater.setInput(whole);
            byte[] out = new byte[PAYLOAD.length * 2];
            int length = inflater.inflate(out);
            return Arrays.copyOf(out, length);
        } finally {
            inflater.end();
        }
    }
}
