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
 * handshake, no extensions), says {@code ready} on a line, then reads every connection on one selector and counts
 * each connection's messages with a {@link FrameCounter} (frames parsed across reads, payloads discarded). Each
 * time every connection has received {@code perRound} more messages (a round), it writes one byte to its standard
 * output, which the benchmark waits for. Ends when a connection ends.
 */
public final class FanOutClients {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private FanOutClients() {
    }

    /**
     * Runs the subscribers.
     *
     * @param args the server's port, its path, the number of connections and the messages each gets per round
     * @throws IOException when a connection fails
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int count = Integer.parseInt(args[2]);
        int perRound = Integer.parseInt(args[3]);
        Selector selector = Selector.open();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            handshake(channel, path);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new FrameCounter());
        }
        OutputStream out = System.out;
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        drain(selector, count, perRound, out);
    }

    /**
     * Reads until a connection ends. A round ends when every connection's count has reached the round's target:
     * {@code reached} counts the connections that have, and is counted anew for the next target.
     */
    private static void drain(Selector selector, int count, int perRound, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        long target = perRound;
        int reached = 0;
        while (true) {
            selector.select();
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                FrameCounter counter = (FrameCounter) key.attachment();
                long before = counter.messages();
                if (!read((SocketChannel) key.channel(), buffer, counter)) {
                    return;
                }
                if (before < target && counter.messages() >= target) {
                    reached++;
                }
            }
            int rounds = 0;
            while (reached == count) {
                rounds++;
                target += perRound;
                reached = reachedBy(selector, target);
            }
            if (rounds > 0) {
                for (int i = 0; i < rounds; i++) {
                    out.write(1);
                }
                out.flush();
            }
        }
    }

    /** Reads what a ready connection has; returns false when it ended. */
    private static boolean read(SocketChannel channel, ByteBuffer buffer, FrameCounter counter) throws IOException {
        int read;
        do {
            // one read per ready connection usually empties it: a second would only cost a system call
            read = channel.read(buffer.clear());
            if (read < 0) {
                return false;
            }
            counter.feed(buffer.flip());
        } while (read == buffer.capacity());
        return true;
    }

    private static int reachedBy(Selector selector, long target) {
        int reached = 0;
        for (SelectionKey key : selector.keys()) {
            if (((FrameCounter) key.attachment()).messages() >= target) {
                reached++;
            }
        }
        return reached;
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
