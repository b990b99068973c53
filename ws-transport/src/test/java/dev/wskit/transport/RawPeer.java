package dev.wskit.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A hand-driven WebSocket peer on a plain socket: writes exactly the bytes a test gives it (well-formed or
 * not) and reads back frames one at a time, for checking what a wskit server or client does with a peer that
 * breaks the rules. A client peer masks its frames as RFC 6455 §5.3 demands unless told otherwise.
 */
final class RawPeer implements AutoCloseable {
    /** The example key of RFC 6455 §1.3. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The accept value for {@link #KEY}, RFC 6455 §1.3. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    /** The masking key of the examples in RFC 6455 §5.7. */
    private static final byte[] MASK_KEY = HexFormat.of().parseHex("37fa213d");

    private final Socket socket;
    private final boolean client;
    private final InputStream in;
    private final OutputStream out;
    private final String head;

    RawPeer(Socket socket, boolean client, String head) throws IOException {
        this.socket = socket;
        this.client = client;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.head = head;
    }

    /**
     * Performs a client's opening handshake on a connected socket and checks the 101.
     *
     * @param socket the connected socket
     * @param path the request target
     * @return the peer, ready for frames
     */
    static RawPeer client(Socket socket, String path) throws IOException {
        return client(socket, path, "");
    }

    /**
     * Performs a client's opening handshake that offers extensions, and checks the 101.
     *
     * @param socket the connected socket
     * @param path the request target
     * @param extensions the {@code Sec-WebSocket-Extensions} value to offer, or empty for none
     * @return the peer, ready for frames; {@link #head()} tells what the server agreed to
     */
    static RawPeer client(Socket socket, String path, String extensions) throws IOException {
        socket.getOutputStream().write(request(path, extensions).getBytes(StandardCharsets.ISO_8859_1));
        String head = readHead(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        assertTrue(head.contains(ACCEPT), head);
        return new RawPeer(socket, true, head);
    }

    /** A valid upgrade request (RFC 6455 §1.3's example, on another path). */
    static String request(String path) {
        return request(path, "");
    }

    /** A valid upgrade request offering extensions, or none when {@code extensions} is empty. */
    static String request(String path, String extensions) {
        return "GET " + path + " HTTP/1.1\r\n"
            + "Host: localhost\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + (extensions.isEmpty() ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
            + "\r\n";
    }

    /** Reads an HTTP head, up to and including the blank line, as ISO-8859-1 text. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection ended inside the HTTP head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The handshake head this peer received (the 101 response, or the client's request). */
    String head() {
        return head;
    }

    Socket socket() {
        return socket;
    }

    /** Writes bytes given in hex, as they are. */
    void writeHex(String hex) throws IOException {
        write(HexFormat.of().parseHex(hex));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes bytes that the other side may fail the connection on before they are all written. It may then close
     * at once (RFC 6455 §7.1.7), and a write after that fails with a broken pipe or a reset; that is no error of
     * the test's, whose assertion is on the Close frame read next.
     *
     * @param bytes the bytes
     */
    void writeUntilRefused(byte[] bytes) {
        try {
            write(bytes);
        } catch (IOException refusedMidWrite) {
            // the other side failed the connection and closed it; its Close frame is read next
        }
    }

    /**
     * Writes one frame, masked when this peer is a client.
     *
     * @param first the first byte: FIN, RSV and opcode bits
     * @param payload the payload, at most 65,535 bytes
     */
    void writeFrame(int first, byte[] payload) throws IOException {
        write(encode(first, payload, client));
    }

    void writeFrame(int first, String hexPayload) throws IOException {
        writeFrame(first, HexFormat.of().parseHex(hexPayload));
    }

    /** Writes a Close frame with a code and a reason. */
    void writeClose(int code, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        writeFrame(0x88, payload);
    }

    /** Encodes a frame with a 7- or 16-bit length, masked with RFC 6455 §5.7's key when asked. */
    static byte[] encode(int first, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(first);
        int maskBit = masked ? 0b1000_0000 : 0;
        if (payload.length <= 125) {
            frame.write(maskBit | payload.length);
        } else {
            frame.write(maskBit | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        }
        if (masked) {
            frame.writeBytes(MASK_KEY);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ MASK_KEY[i % 4] : payload[i]);
        }
        return frame.toByteArray();
    }

    /**
     * Reads the next frame, unmasking it if masked.
     *
     * @return the frame
     * @throws EOFException when the connection ends first
     */
    Frame readFrame() throws IOException {
        int first = readByte();
        int second = readByte();
        long length = second & 0b0111_1111;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        byte[] mask = (second & 0b1000_0000) != 0 ? in.readNBytes(4) : null;
        byte[] payload = in.readNBytes(Math.toIntExact(length));
        if (payload.length < length) {
            throw new EOFException("Connection ended inside a frame");
        }
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return new Frame(first, mask != null, payload);
    }

    /** Reads frames until a Close, skipping keepalive Pings and anything else before it. */
    Frame readClose() throws IOException {
        Frame frame;
        do {
            frame = readFrame();
        } while (frame.opcode() != 0x8);
        return frame;
    }

    /**
     * Reads and discards until the peer ends the connection.
     *
     * @return true when the connection ended (EOF or reset), false when it was still open after the socket's
     *     read timeout
     */
    boolean awaitsEnd() {
        try {
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // discard whatever comes before the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Tells whether a peer ended a connection without sending a byte on it.
     *
     * @param socket a socket whose read timeout bounds the wait
     * @return true at EOF or reset, false when bytes arrived or nothing happened before the timeout
     */
    static boolean endsWithoutReply(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Connection ended before a frame");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * A frame as read off the wire.
     *
     * @param first the first byte: FIN, RSV and opcode
     * @param masked whether it came masked
     * @param payload the unmasked payload
     */
    record Frame(int first, boolean masked, byte[] payload) {
        int opcode() {
            return first & 0b1111;
        }

        boolean fin() {
            return (first & 0b1000_0000) != 0;
        }

        /** The status code of a Close frame, 1005 when it has none (RFC 6455 §7.1.5). */
        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Frame[" + Integer.toHexString(first) + (masked ? " masked " : " ")
                + HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 32)) + "]";
        }
    }
}
