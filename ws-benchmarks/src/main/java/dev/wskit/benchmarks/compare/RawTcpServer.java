package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ceiling: a TCP echo with no WebSocket at all, shaped like Netty's server (an acceptor thread, and
 * connections spread over one selector loop per core) so that only the protocol work differs. Each read is
 * written straight back; the sink port's reads are dropped, and a peer's half-close is answered by closing.
 * Thread-safe.
 */
final class RawTcpServer implements EchoServer {
    private static final int BUFFER = 64 * 1024;

    private final ServerSocketChannel echo;
    private final ServerSocketChannel sink;
    private final Loop[] loops;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private RawTcpServer(ServerSocketChannel echo, ServerSocketChannel sink, int threads) throws IOException {
        this.echo = echo;
        this.sink = sink;
        this.loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(Selector.open());
            Thread.ofPlatform().name("raw-loop-" + i).daemon().start(loops[i]);
        }
    }

    /**
     * Starts the server.
     *
     * @param threads the number of selector loops
     * @return the running server
     * @throws IOException when it cannot bind or open a selector
     */
    static RawTcpServer start(int threads) throws IOException {
        RawTcpServer server = new RawTcpServer(bind(), bind(), threads);
        Thread.ofPlatform().name("raw-accept-echo").daemon().start(() -> server.accept(server.echo, false));
        Thread.ofPlatform().name("raw-accept-sink").daemon().start(() -> server.accept(server.sink, true));
        return server;
    }

    @Override
    public int echoPort() {
        return echo.socket().getLocalPort();
    }

    @Override
    public int sinkPort() {
        return sink.socket().getLocalPort();
    }

    @Override
    public void close() {
        closeQuietly(echo);
        closeQuietly(sink);
        for (Loop loop : loops) {
            closeQuietly(loop.selector);
        }
        open.forEach(RawTcpServer::closeQuietly);
    }

    private static ServerSocketChannel bind() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        return server;
    }

    private void accept(ServerSocketChannel server, boolean discard) {
        int next = 0;
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                open.add(channel);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                loops[next++ % loops.length].add(channel, discard);
            } catch (IOException e) {
                closeQuietly(server);
            }
        }
    }

    private void drop(SelectionKey key) {
        key.cancel();
        open.remove((SocketChannel) key.channel());
        closeQuietly(key.channel());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Nothing to tell: the connection or selector is gone either way.
        }
    }

    /** One selector thread and its connections. */
    private final class Loop implements Runnable {
        private final Selector selector;
        private final Queue<Registration> registrations = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);

        Loop(Selector selector) {
            this.selector = selector;
        }

        void add(SocketChannel channel, boolean discard) {
            registrations.add(new Registration(channel, discard));
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (selector.isOpen()) {
                    selector.select(this::handle);
                    for (Registration request = registrations.poll(); request != null;
                         request = registrations.poll()) {
                        register(request);
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                // The server closed the selector: the loop ends, and close() closes the connections.
            }
        }

        private void register(Registration request) {
            try {
                request.channel().register(selector, SelectionKey.OP_READ, new Peer(request.discard()));
            } catch (IOException e) {
                open.remove(request.channel());
                closeQuietly(request.channel());
            }
        }

        private void handle(SelectionKey key) {
            Peer peer = (Peer) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                boolean alive = key.isWritable() ? peer.flush(key, channel) : peer.read(key, channel, buffer);
                if (!alive) {
                    drop(key);
                }
            } catch (IOException e) {
                drop(key);
            }
        }
    }

    /**
     * A connection waiting to be registered with a loop.
     *
     * @param channel the accepted channel
     * @param discard whether it is a sink connection
     */
    private record Registration(SocketChannel channel, boolean discard) {
    }

    /** One connection's state: whether it is a sink, and the part of an echo the socket did not take yet. */
    private static final class Peer {
        private final boolean discard;
        private ByteBuffer pending;

        Peer(boolean discard) {
            this.discard = discard;
        }

        boolean read(SelectionKey key, SocketChannel channel, ByteBuffer buffer) throws IOException {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                return false;
            }
            if (!discard) {
                channel.write(buffer.flip());
                if (buffer.hasRemaining()) {
                    pending = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
                    key.interestOps(SelectionKey.OP_WRITE);
                }
            }
            return true;
        }

        boolean flush(SelectionKey key, SocketChannel channel) throws IOException {
            channel.write(pending);
            if (!pending.hasRemaining()) {
                pending = null;
                key.interestOps(SelectionKey.OP_READ);
            }
            return true;
        }
    }
}
