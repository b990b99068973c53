package dev.wskit.transport.spi;

import java.io.Serial;
import java.net.SocketTimeoutException;

/**
 * A client's TLS handshake (RFC 8446 §4, the first step of a {@code wss://} connect, RFC 6455 §4.1) did not finish
 * within its own timeout, {@link Transport.ClientTls#handshakeTimeoutMillis()}: the TCP connect had succeeded,
 * the server (or whatever listens there) did not complete the handshake. A {@link SocketTimeoutException}, so
 * that code catching timeouts in general catches it too; distinct from the connect timeout's (TCP) and the
 * opening handshake timeout's (HTTP upgrade) failures.
 */
public final class TlsHandshakeTimeoutException extends SocketTimeoutException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, naming the server and the timeout
     */
    public TlsHandshakeTimeoutException(String message) {
        super(message);
    }
}
