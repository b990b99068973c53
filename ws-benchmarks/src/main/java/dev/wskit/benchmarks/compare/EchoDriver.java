package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One load thread's share of an echo: its connections on one selector, each with one message in flight. In the
 * closed loop the next message leaves as soon as the echo is complete; in the open loop ({@link Pacing}) at its
 * intended time, or at once when that time passed while the echo was out, and its latency counts from the
 * intended time (a due message waits for the selector's wake-up, at most a millisecond late, which it is
 * charged for). It runs through consecutive phases (warm-ups, then measured runs) without pausing the load,
 * keeping a histogram and a count per phase. Not thread-safe: run by one thread, read after it ended.
 */
final class EchoDriver implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;

    private final List<Link> links;
    private final byte[] request;
    private final Target target;
    private final Pacing pacing;
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
     * @param pacing closed loop or a rate per connection
     * @param start when the first phase starts, in {@link System#nanoTime()} terms
     * @param phaseEnds when each phase ends, ascending
     */
    EchoDriver(List<Link> links, byte[] request, Target target, Pacing pacing, long start, long[] phaseEnds) {
        this.links = links;
        this.request = request;
        this.target = target;
        this.pacing = pacing;
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
            for (int i = 0; i < connections.size(); i++) {
                if (pacing.isOpen()) {
                    connections.get(i).await(pacing.first(start, i, connections.size()));
                } else {
                    connections.get(i).send(System.nanoTime());
                }
            }
            loop(selector, connections);
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

    private void loop(Selector selector, List<Connection> connections) throws IOException {
        while (phase < phaseEnds.length) {
            long wake = Math.min(phaseEnds[phase], sendDue(connections, System.nanoTime()));
            long waitMillis = Math.max(1, (wake - System.nanoTime()) / 1_000_000);
            selector.select(key -> handle(key), waitMillis);
            if (failure != null) {
                throw failure;
            }
            while (phase < phaseEnds.length && System.nanoTime() >= phaseEnds[phase]) {
                phase++;
            }
        }
    }

    /**
     * Sends the open loop's messages whose time has come.
     *
     * @return when the next waiting message is due, {@link Long#MAX_VALUE} when none waits
     */
    private static long sendDue(List<Connection> connections, long now) throws IOException {
        long next = Long.MAX_VALUE;
        for (Connection connection : connections) {
            if (connection.waiting && connection.intended <= now) {
                connection.send(connection.intended);
            } else if (connection.waiting) {
                next = Math.min(next, connection.intended);
            }
        }
        return next;
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

    /**
     * One connection's state: its link, its reply counter, the request in flight and when it was meant to
     * leave (when it left, in the closed loop), or, while {@code waiting}, when the next one is meant to.
     */
    private final class Connection {
        private final Link link;
        private final Replies replies;
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private SelectionKey key;
        private long intended;
        private boolean waiting;

        Connection(Link link, Replies replies) {
            this.link = link;
            this.replies = replies;
        }

        void await(long intendedAt) {
            intended = intendedAt;
            waiting = true;
        }

        void send(long intendedAt) throws IOException {
            intended = intendedAt;
            waiting = false;
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
                histograms[phase].record(now - intended);
                completed[phase] += done;
            }
            if (!pacing.isOpen()) {
                send(now);
            } else if (pacing.next(intended) <= now) {
                send(pacing.next(intended));
            } else {
                await(pacing.next(intended));
            }
        }
    }
}
