package dev.wskit.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A hand-driven WebSocket server for testing the client side: accepts a connection, answers the opening
 * handshake correctly (or not at all), then lets the test write any frames, masked or not.
 */
final class RawServer implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"; // RFC 6455 §1.3

    private final ServerSocket server;
    private final SSLContext layeredTls;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private volatile CuttableSocket lastPlain;

    RawServer(SSLContext tls) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.server = tls == null ? new ServerSocket(0, 50, loopback)
            : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        this.layeredTls = null;
        server.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
    }

    private RawServer(ServerSocket server, SSLContext layeredTls) throws IOException {
        this.server = server;
        this.layeredTls = layeredTls;
        server.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
    }

    /**
     * Opens a raw server whose connections are {@link CuttableSocket}s, with TLS (when {@code tls} is given)
     * layered on each, so that a test can leave a client with part of a TLS record or reset the TCP connection.
     *
     * @param tls the server's TLS context, or {@code null} for plain connections
     * @return the server
     */
    static RawServer cuttable(SSLContext tls) throws IOException {
        ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")) {
            @Override
            public Socket accept() throws IOException {
                CuttableSocket socket = new CuttableSocket();
                implAccept(socket);
                return socket;
            }
        };
        return new RawServer(plain, tls);
    }

    /** The plain socket under the connection accepted last by a {@link #cuttable} server. */
    CuttableSocket lastPlain() {
        return lastPlain;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Accepts a connection and says nothing. */
    Socket acceptSilently() throws IOException {
        Socket socket = server.accept();
        accepted.add(socket);
        if (socket instanceof CuttableSocket plain) {
            lastPlain = plain;
            if (layeredTls != null) {
                // a server-side SSLSocket over the accepted one: its handshake starts with the first read
                socket = layeredTls.getSocketFactory().createSocket(plain, null, true);
                accepted.add(socket);
            }
        }
        socket.setSoTimeout(Harness.PEER_READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** Accepts a connection, completes TLS if any, reads the client's request and never answers it. */
    Socket acceptAndIgnore() throws IOException {
        Socket socket = acceptSilently();
        RawPeer.readHead(socket.getInputStream());
        return socket;
    }

    /** Accepts a connection, reads the client's request and answers 101 as RFC 6455 §4.2.2 says. */
    RawPeer accept() throws IOException {
        return acceptWithExtensions("");
    }

    /**
     * Accepts a connection and answers 101 agreeing to extensions, whatever the client offered.
     *
     * @param extensions the {@code Sec-WebSocket-Extensions} value of the response, or empty for none
     * @return the peer; {@link RawPeer#head()} is the client's request
     */
    RawPeer acceptWithExtensions(String extensions) throws IOException {
        Socket socket = acceptSilently();
        String request = RawPeer.readHead(socket.getInputStream());
        Matcher key = KEY.matcher(request);
        if (!key.find()) {
            throw new IOException("No Sec-WebSocket-Key in " + request);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: " + accept(key.group(1)) + "\r\n"
            + (extensions.isEmpty() ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
            + "\r\n";
        socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new RawPeer(socket, false, request);
    }

    static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : accepted) {
            socket.close();
        }
        server.close();
    }
}
