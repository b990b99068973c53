package dev.wskit.examples;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Sends what the client's input asks for over an open connection, one {@link ClientLine} at a time. A line
 * that cannot be sent (bad hex, a close code not valid on the wire) is reported and skipped. Used by one
 * input thread at a time.
 */
final class ClientSession {
    private final Supplier<WebSocket> sockets;
    private final BooleanSupplier reconnecting;
    private final ClientPrinter printer;
    /** The connection the line being sent goes to. */
    private WebSocket socket;

    /**
     * Creates a session over one connection.
     *
     * @param socket the open connection
     * @param printer where problems are reported
     */
    ClientSession(WebSocket socket, ClientPrinter printer) {
        this(() -> socket, () -> false, printer);
    }

    /**
     * Creates a session over whichever connection is open now, for {@code --reconnect}.
     *
     * @param sockets the connection opened last
     * @param reconnecting whether another connection may still come when the last one is closed
     * @param printer where problems are reported
     */
    ClientSession(Supplier<WebSocket> sockets, BooleanSupplier reconnecting, ClientPrinter printer) {
        this.sockets = sockets;
        this.reconnecting = reconnecting;
        this.printer = printer;
    }

    /**
     * Sends one line of input.
     *
     * @param text the line
     * @return false once the connection is no longer open for sending (the line closed it, or the peer did)
     * @throws Exception when a send fails or does not complete within 30 s
     */
    boolean send(String text) throws Exception {
        socket = sockets.get();
        if (socket.readyState() != ReadyState.OPEN) {
            if (reconnecting.getAsBoolean()) {
                printer.problem("not connected, reconnecting: line dropped");
                return true;
            }
            return false;
        }
        ClientLine line;
        try {
            line = ClientLine.parse(text);
        } catch (IllegalArgumentException e) {
            printer.problem(e.getMessage());
            return true;
        }
        try {
            dispatch(line);
        } catch (Exception e) {
            if (socket.readyState() == ReadyState.OPEN) {
                throw e;
            }
            // the peer closed meanwhile: the printer reports its close
        }
        return socket.readyState() == ReadyState.OPEN || reconnecting.getAsBoolean();
    }

    private void dispatch(ClientLine line) throws Exception {
        switch (line) {
            case ClientLine.Text message -> socket.sendText(message.text()).get(30, TimeUnit.SECONDS);
            case ClientLine.Binary message -> socket.sendBinary(ByteBuffer.wrap(message.data()))
                .get(30, TimeUnit.SECONDS);
            case ClientLine.Ping ping -> {
                printer.pingSent();
                socket.ping(ByteBuffer.wrap(ping.data()));
            }
            case ClientLine.Pong pong -> socket.pong(ByteBuffer.wrap(pong.data()));
            case ClientLine.Close close -> close(close.code(), close.reason());
        }
    }

    /**
     * Starts the close handshake with any code valid on the wire: a command-line client tests servers, so it
     * may send 1001 and the other registered codes, not only what a browser script may.
     *
     * @param code a code valid on the wire
     * @param reason at most 123 bytes of UTF-8
     */
    void close(int code, String reason) {
        sockets.get().close(CloseCode.of(code), reason);
    }
}
