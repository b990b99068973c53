package dev.wskit.examples;

import dev.wskit.codec.CloseCode;
import dev.wskit.codec.engine.ReadyState;
import dev.wskit.transport.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sends what the client's input asks for over an open connection, one {@link ClientLine} at a time. A line
 * that cannot be sent (bad hex, a close code not valid on the wire) is reported and skipped. Used by one
 * input thread at a time.
 */
final class ClientSession {
    private final WebSocket socket;
    private final ClientPrinter printer;

    ClientSession(WebSocket socket, ClientPrinter printer) {
        this.socket = socket;
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
        if (socket.readyState() != ReadyState.OPEN) {
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
        return socket.readyState() == ReadyState.OPEN;
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
        socket.close(CloseCode.of(code), reason);
    }
}
