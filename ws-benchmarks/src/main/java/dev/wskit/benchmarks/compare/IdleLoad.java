package dev.wskit.benchmarks.compare;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an idle cell: pauses for the server's baseline memory reading, opens the connections (WebSocket
 * handshake done, then silence), pauses again for the loaded reading, then checks how many connections still
 * echo a message. Stateless.
 */
final class IdleLoad {
    /** File descriptors kept free for the JVM's own use. */
    private static final long SPARE_DESCRIPTORS = 100;
    private static final long VERIFY_MILLIS = 10_000;

    /** Lets the orchestrator act while the load generator waits. */
    @FunctionalInterface
    interface Pause {
        /**
         * Announces a state and waits until told to go on.
         *
         * @param announcement a line such as {@code HOLDING idle:0:2000 opened=2000}
         * @throws IOException when the orchestrator is gone
         */
        void await(String announcement) throws IOException;
    }

    private IdleLoad() {
    }

    /**
     * Runs one idle cell.
     *
     * @param setup the target and settings
     * @param cell the cell (connections)
     * @param pause where the memory readings happen
     * @return how many connections still echoed after the readings
     * @throws IOException when the orchestrator is gone or the selector fails
     */
    static int run(LoadSetup setup, Cell cell, Pause pause) throws IOException {
        pause.await("IDLE-BASELINE " + cell);
        int allowed = (int) Math.min(cell.connections(), descriptorsLeft());
        List<String> failures = new ArrayList<>();
        if (allowed < cell.connections()) {
            failures.add("the file descriptor limit allows only " + allowed + " more connections");
        }
        List<Link> links = setup.echo().openAll(allowed, "/echo", failures);
        try {
            pause.await("HOLDING " + cell + " opened=" + links.size()
                + (failures.isEmpty() ? "" : " note=" + failures.getFirst()));
            byte[] request = ClientFrames.text(ClientFrames.payload(125), setup.target().deflate());
            return verify(setup.target(), links, request);
        } finally {
            links.forEach(Link::close);
        }
    }

    private static long descriptorsLeft() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount() - SPARE_DESCRIPTORS;
        }
        return Long.MAX_VALUE;
    }

    private static int verify(Target target, List<Link> links, byte[] request) throws IOException {
        int expected = 0;
        int echoed = 0;
        try (Selector selector = Selector.open()) {
            for (Link link : links) {
                link.channel().configureBlocking(false);
                if (link.write(ByteBuffer.wrap(request))) {
                    link.channel().register(selector, SelectionKey.OP_READ,
                        new Awaited(link, Replies.forTarget(target, request.length)));
                    expected++;
                }
            }
            ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
            long deadline = System.currentTimeMillis() + VERIFY_MILLIS;
            while (echoed < expected && System.currentTimeMillis() < deadline) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    echoed += receive(key, in);
                }
                selector.selectedKeys().clear();
            }
        }
        return echoed;
    }

    private static int receive(SelectionKey key, ByteBuffer in) throws IOException {
        Awaited awaited = (Awaited) key.attachment();
        in.clear();
        int read = awaited.link().read(in);
        int done = read > 0 ? awaited.replies().consume(in.flip()) : 0;
        if (read < 0 || done > 0) {
            key.cancel();
        }
        return done > 0 ? 1 : 0;
    }

    /**
     * A connection waiting for its echo.
     *
     * @param link the connection
     * @param replies counts its reply
     */
    private record Awaited(Link link, Replies replies) {
    }
}
