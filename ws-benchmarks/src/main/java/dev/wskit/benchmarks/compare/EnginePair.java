package dev.wskit.benchmarks.compare;

import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * A client and a server {@link SSLEngine} joined by two heap buffers instead of a socket, handshaken (RFC 8446 §4)
 * at creation; then records pass between them with {@link #send}. For measuring and testing the engines alone.
 * Not thread-safe.
 */
public final class EnginePair {
    private static final int HANDSHAKE_TURNS = 50;
    private static final int BUFFER = 64 * 1024;

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer toServer = ByteBuffer.allocate(BUFFER).flip();
    private final ByteBuffer toClient = ByteBuffer.allocate(BUFFER).flip();
    private final ByteBuffer scratch = ByteBuffer.allocate(BUFFER);

    private EnginePair(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    /**
     * Makes a pair over a self-signed certificate for localhost and runs its handshake, including the server's
     * post-handshake messages.
     *
     * @param serverContexts turns the server's context into the one its engine comes from (such as a counting one)
     * @return the pair, ready for application data
     * @throws IOException when the handshake fails
     * @throws GeneralSecurityException when the certificate or contexts cannot be made
     */
    public static EnginePair handshaken(UnaryOperator<SSLContext> serverContexts)
        throws IOException, GeneralSecurityException {
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost();
        SSLEngine server = serverContexts.apply(certificate.serverContext()).createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = Connector.trusting(certificate.certificate().getEncoded()).createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        EnginePair pair = new EnginePair(client, server);
        pair.handshake();
        return pair;
    }

    /**
     * Returns the client's engine.
     *
     * @return the engine
     */
    public SSLEngine client() {
        return client;
    }

    /**
     * Returns the server's engine.
     *
     * @return the engine
     */
    public SSLEngine server() {
        return server;
    }

    /**
     * Passes plaintext from one engine of the pair to the other: wrapped by one, unwrapped by the other.
     *
     * @param fromClient true for client to server, false for server to client
     * @param plain the plaintext, read from its position to its limit
     * @return the plaintext received, in a buffer of the pair's, valid until the next call
     * @throws SSLException when an engine fails, or the receiving one takes none of what is left (which would
     *     otherwise loop forever)
     */
    public ByteBuffer send(boolean fromClient, ByteBuffer plain) throws SSLException {
        ByteBuffer wire = fromClient ? toServer : toClient;
        wire.compact();
        (fromClient ? client : server).wrap(plain, wire);
        wire.flip();
        scratch.clear();
        SSLEngine receiver = fromClient ? server : client;
        while (wire.hasRemaining()) {
            if (receiver.unwrap(wire, scratch).bytesConsumed() == 0) {
                throw new SSLException("The receiving engine took none of " + wire.remaining() + " bytes: "
                    + "half a record, or no room for its plaintext");
            }
        }
        return scratch.flip();
    }

    private void handshake() throws SSLException {
        client.beginHandshake();
        server.beginHandshake();
        for (int turn = 0; turn < HANDSHAKE_TURNS && !(idle(client) && idle(server)); turn++) {
            step(client, toClient, toServer);
            step(server, toServer, toClient);
        }
        if (!idle(client) || !idle(server)) {
            throw new SSLException("The handshake did not end in " + HANDSHAKE_TURNS + " turns");
        }
        send(false, ByteBuffer.allocate(1));
        send(true, ByteBuffer.allocate(1));
    }

    private static boolean idle(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    private void step(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
        switch (engine.getHandshakeStatus()) {
            case NEED_WRAP -> {
                out.compact();
                engine.wrap(ByteBuffer.allocate(0), out);
                out.flip();
            }
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> engine.unwrap(in, scratch.clear());
            case NEED_TASK -> engine.getDelegatedTask().run();
            case FINISHED, NOT_HANDSHAKING -> { }
        }
    }
}
