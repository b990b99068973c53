package dev.wskit.transport.internal;

import java.nio.ByteBuffer;

/**
 * How a connection's opening handshake (RFC 6455 §4) goes on one side: wskit's server reads the request and
 * answers it (§4.2), its client writes the request and verifies the answer (§4.1), and a connection hosted by an
 * HTTP server starts past a handshake its host answered. The phase reads and writes through the
 * {@link Connection} it is given, and ends it by {@linkplain Connection#open opening} the connection, by a
 * rejection, or by a failure. Its methods run under the connection's lock, except {@link #ended}.
 */
sealed interface HandshakePhase permits ServerHandshakePhase, ClientHandshakePhase, HostedHandshakePhase {
    /**
     * The transport has connected: a client writes its request here.
     *
     * @param connection the connection, under its lock
     */
    void started(Connection connection);

    /**
     * Bytes arrived before the handshake completed.
     *
     * @param connection the connection, under its lock
     * @param data the bytes, consumed as far as the phase reads them
     */
    void received(Connection connection, ByteBuffer data);

    /**
     * The handshake can no longer complete: it timed out, or the connection ended.
     *
     * @param connection the connection, under its lock
     * @param cause why
     */
    void failed(Connection connection, Throwable cause);

    /**
     * The transport has ended the connection, whether the handshake succeeded or not; called without the lock.
     *
     * @param connection the connection
     */
    void ended(Connection connection);
}
