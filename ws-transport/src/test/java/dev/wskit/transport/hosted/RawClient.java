package dev.wskit.transport.hosted;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A hand-driven client on a plain socket, for frames that break the rules and for a peer that stops reading. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    /** Connects and performs the opening handshake of RFC 6455 §1.3's example, checking the 101. */
    RawClient(URI base, String path) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(60_000);
        in = socket.getInputStream();
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        assertTrue(head.startsWith("HTTP/1.1 101") && head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection ended in the response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0) == (b == '\r') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Writes a short frame as it is, without a mask. */
    void writeUnmasked(int first, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + payload.length];
        frame[0] = (byte) first;
        frame[1] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 2, payload.length);
        socket.getOutputStream().write(frame);
    }

    /** Reads frames until a Close, and returns its status code (1005 when it has none). */
    int readCloseCode() throws IOException {
        while (true) {
            int first = read();
            int second = read();
            long length = second & 0b0111_1111;
            if (length >= 126) {
                int extra = length == 126 ? 2 : 8;
                length = 0;
                for (int i = 0; i < extra; i++) {
                    length = length << 8 | read();
                }
            }
            byte[] payload = in.readNBytes(Math.toIntExact(length));
            if ((first & 0b1111) == 0x8) {
                return payload.length < 2 ? 1005 : (payload[0] & 0xff) << 8 | payload[1] & 0xff;
            }
        }
    }

    /** Reads and discards until the server ends the connection; true when it did. */
    boolean awaitsEnd() {
        try {
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // discard whatever comes before the end
            }
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Connection ended inside a frame");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
