package dev.wskit.transport.internal;

import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ProxyException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A proxy's answer to {@code CONNECT} (RFC 9110 §9.3.6), read as it arrives: any 2xx opens the tunnel, anything
 * else is the proxy's refusal. Also words the failures of a tunnel that never opened, naming the proxy and the
 * target. Not thread-safe: the connection's reading thread reads it.
 */
final class ProxyAnswer {
    private final ProxyTunnel tunnel;
    private final HttpHeadParser<HandshakeResponse> parser = HttpHeadParser.forResponses();

    /**
     * Creates the reader of the answer to one tunnel's request.
     *
     * @param tunnel the tunnel asked for
     */
    ProxyAnswer(ProxyTunnel tunnel) {
        this.tunnel = tunnel;
    }

    /**
     * Reads bytes of the answer.
     *
     * @param data bytes from the proxy, consumed as far as the answer's head goes
     * @return {@code null} while the head is incomplete, else the bytes that followed it (the server's), once the
     *     proxy opened the tunnel
     * @throws ProxyException when the answer is malformed (status 0) or a refusal (its status)
     */
    ByteBuffer read(ByteBuffer data) throws ProxyException {
        return switch (parser.parse(data)) {
            case HttpHeadParser.NeedMore<HandshakeResponse> needMore -> null;
            case HttpHeadParser.Rejected<HandshakeResponse> rejected -> throw new ProxyException(0, HttpHeaders.EMPTY,
                "Malformed answer of proxy " + tunnel.proxy() + " to CONNECT " + tunnel.authority() + ": "
                    + rejected.reason());
            case HttpHeadParser.Complete<HandshakeResponse> complete -> opened(complete.head(), complete.leftover());
        };
    }

    private ByteBuffer opened(HandshakeResponse answer, ByteBuffer leftover) throws ProxyException {
        // RFC 9110 §9.3.6: any 2xx means the tunnel is open; anything else means the proxy refused it
        if (answer.status() / 100 != 2) {
            String needs = answer.status() == 407 ? " (it wants credentials)" : "";
            throw new ProxyException(answer.status(), answer.headers(), "Proxy " + tunnel.proxy() + " refused CONNECT "
                + tunnel.authority() + ": " + answer.status() + ' ' + answer.reason() + needs);
        }
        return leftover;
    }

    /**
     * Words a connect timeout that ran out before the proxy answered.
     *
     * @param timeoutMillis the connect timeout
     * @return the failure
     */
    SocketTimeoutException timedOut(long timeoutMillis) {
        return new SocketTimeoutException("Proxy " + tunnel.proxy() + " gave no answer to CONNECT "
            + tunnel.authority() + " within the connect timeout of " + timeoutMillis + " ms");
    }

    /**
     * Words the end of the connection before the tunnel was up.
     *
     * @param answered whether the proxy had opened the tunnel (and the TLS handshake inside it was under way)
     * @param cause why the connection ended, or {@code null} when the proxy closed it
     * @return the failure, caused by {@code cause}
     */
    IOException closed(boolean answered, IOException cause) {
        String what = cause == null ? "the connection closed" : cause.getMessage();
        IOException failure = answered
            ? new IOException("Tunnel through proxy " + tunnel.proxy() + " closed during the TLS handshake with "
                + tunnel.authority() + ": " + what)
            : new ProxyException(0, HttpHeaders.EMPTY, "Proxy " + tunnel.proxy() + " gave no answer to CONNECT "
                + tunnel.authority() + ": " + what);
        if (cause != null) {
            failure.initCause(cause);
        }
        return failure;
    }

    /** Names the tunnel's far end, for the TLS handshake's timeout. */
    String where() {
        return tunnel.authority() + " through proxy " + tunnel.proxy();
    }
}
