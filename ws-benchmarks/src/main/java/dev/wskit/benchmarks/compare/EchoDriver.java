package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One load thread's share of a closed-loop echo: its connections on one selector, each with one message in
 * flight, the next sent as soon as the echo is complete. It runs through consecutive phases (warm-ups, then
 * measured runs) without pausing the load, keeping a histogram and a count per phase. Not thread-safe: run by
 * one thread, read after it ended.
 */
final class EchoDriver implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;

    private final List<Link> links;
    private final byte[] request;
    private final Target target;
    private final long start;
    private final long[] phaseEnds;
    private final Latencies[] histograms;
    private final long[] completed;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private IOException failure;
    private int phase;

    /**
     * Creates a driver.
     *
     * @param links its connections, blocking for now (the driver makes them non-blocking)
     * @param request the request's bytes, sent unchanged each time
     * @param target the target, telling how replies are counted
     * @param start when the first phase starts, in {@link System#nanoTime()} terms
     * @param phaseEnds when each phase ends, ascending
     */
    EchoDriver(List<Link> links, byte[] request, Target target, long start, long[] phaseEnds) {
        this.links = links;
        this.request = request;
        this.target = target;
        this.start = start;
        this.phaseEnds = phaseEnds.clone();
        this.histograms = new Latencies[phaseEnds.length];
        this.completed = new long[phaseEnds.length];
        for (int i = 0; i < phaseEnds.length; i++) {
            histograms[i] = new Latencies();
        }
    }

    @Override
    public void run() {
        try (Selector selector = Selector.open()) {
            List<Connection> connections = new ArrayList<>();
            for (Link link : links) {
                link.channel().configureBlocking(false);
                Connection connection = new Connection(link, Replies.forTarget(target, request.length));
                connection.key = link.channel().register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
            }
            EchoLoad.sleepUntil(start);
            for (Connection connection : connections) {
                connection.send(System.nanoTime());
            }
            loop(selector);
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * Returns what ended the run early.
     *
     * @return the failure, or {@code null} when every phase ran to its end
     */
    IOException failure() {
        return failure;
    }

    /**
     * Returns a phase's latencies.
     *
     * @param index the phase
     * @return its histogram of round-trip times in nanoseconds
     */
    Latencies histogram(int index) {
        return histograms[index];
    }

    /**
     * Returns how many round trips completed in a phase.
     *
     * @param index the phase
     * @return the count
     */
    long completed(int index) {
        return completed[index];
    }

    private void loop(Selector selector) throws IOException {
        while (phase < phaseEnds.length) {
            long waitMillis = Math.max(1, (phaseEnds[phase] - System.nanoTime()) / 1_000_000);
            selector.select(key -> handle(key), waitMillis);
            if (failure != null) {
                throw failure;
            }
            while (phase < phaseEnds.length && System.nanoTime() >= phaseEnds[phase]) {
                phase++;
            }
        }
    }

    private void handle(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isWritable()) {
                connection.flush();
            }
            if (key.isReadable()) {
                connection.receive();
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    /** One connection's state: its link, its reply counter, the request in flight and when it left. */
    private final class Connection {
        private final Link link;
        private final Replies replies;
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private SelectionKey key;
        private long sentAt;

        Connection(Link link, Replies replies) {
            this.link = link;
            this.replies = replies;
        }

        void send(long now) throws IOException {
            sentAt = now;
            out.clear();
            if (!link.write(out)) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            if (link.write(out)) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void receive() throws IOException {
            int read;
            do {
                readBuffer.clear();
                read = link.read(readBuffer);
                readBuffer.flip();
                int done = read < 0 ? 0 : replies.consume(readBuffer);
                if (read < 0 || replies.closed()) {
                    throw new IOException("Server closed a connection during the echo");
                }
                if (done > 0) {
                    complete(done);
                }
            } while (read > 0 && (read == READ_BUFFER || link.hasBuffered()));
        }

        private void complete(int done) throws IOException {
            long now = System.nanoTime();
            if (phase < phaseEnds.length) {
                histograms[phase].record(now - sentAt);
                completed[phase] += done;
            }
            send(now);
        }
    }
}
