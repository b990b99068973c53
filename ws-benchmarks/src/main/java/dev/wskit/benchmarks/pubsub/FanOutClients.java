package dev.wskit.benchmarks.pubsub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The subscribers of {@link FanOutBenchmark}, in a process of their own so that the server's and the clients'
 * sockets do not share one process's file limit: opens {@code count} WebSocket connections (RFC 6455 §4.1, a raw
 * handshake, no extensions), says {@code ready} on a line, then reads every connection on one selector, discarding
 * the frames and counting their bytes. Each time all connections together have received one more message of
 * {@code frameLength} bytes each (a round), it writes one byte to its standard output, which the benchmark waits for.
 * Ends when a connection ends.
 */
public final class FanOutClients {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private FanOutClients() {
    }

    /**
     * Runs the subscribers.
     *
     * @param args the server's port, its path, the number of connections and the length of one message's frame
     * @throws IOException when a connection fails
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int count = Integer.parseInt(args[2]);
        long round = (long) count * Integer.parseInt(args[3]);
        Selector selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            handshake(channel, path);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        }
        OutputStream out = System.out;
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        drain(selector, round, out);
    }

    private static void drain(Selector selector, long round, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long received = 0;
        long rounds = 0;
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SocketChannel channel = (SocketChannel) keys.next().channel();
                keys.remove();
                int read;
                do {
                    // one read per ready connection usually empties it: a second would only cost a system call
                    read = channel.read(buffer.clear());
                    if (read < 0) {
                        return;
                    }
                    received += read;
                } while (read == buffer.capacity());
            }
            if (received >= (rounds + 1) * round) {
                while (received >= (rounds + 1) * round) {
                    rounds++;
                    out.write(1);
                }
                out.flush();
            }
        }
    }

    private static void handshake(SocketChannel channel, String path) throws IOException {
        String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer request = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
        while (request.hasRemaining()) {
            channel.write(request);
        }
        ByteBuffer response = ByteBuffer.allocate(1024);
        while (!endsWithBlankLine(response)) {
            if (channel.read(response) < 0) {
                throw new IOException("The server closed the connection during the handshake");
            }
        }
        String status = new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IOException("Handshake refused: " + status.lines().findFirst().orElse(""));
        }
    }

    private static boolean endsWithBlankLine(ByteBuffer in) {
        int end = in.position();
        return end >= 4 && in.get(end - 4) == '\r' && in.get(end - 3) == '\n' && in.get(end - 2) == '\r'
            && in.get(end - 1) == '\n';
    }
}
