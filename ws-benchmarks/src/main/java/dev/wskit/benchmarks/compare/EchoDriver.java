package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * One load thread's share of an echo: its connections on one selector, each with one message in flight, each
 * sending and counting latency as its {@link Schedule} says (closed loop, or open loop at a rate). In the open
 * loop an {@link Alarm} wakes the selector when the next message is due. It runs through consecutive phases
 * (warm-ups, then measured runs) without pausing the load, keeping a histogram and a count per phase. Not
 * thread-safe: run by one thread, read after it ended.
 */
final class EchoDriver implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;

    private final List<Link> links;
    private final byte[] request;
    private final Target target;
    private final Pacing pacing;
    private final long[] firsts;
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
     * @param firsts in the open loop, when each link's first message is meant to leave
     * @param start when the first phase starts, in {@link System#nanoTime()} terms
     * @param phaseEnds when each phase ends, ascending
     */
    EchoDriver(List<Link> links, byte[] request, Target target, Pacing pacing, long[] firsts, long start,
               long[] phaseEnds) {
        this.links = links;
        this.firsts = firsts.clone();
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
            for (int i = 0; i < links.size(); i++) {
                Link link = links.get(i);
                link.channel().configureBlocking(false);
                Connection connection = new Connection(link, Replies.forTarget(target, request.length),
                    new Schedule(pacing, firsts[i]));
                connection.key = link.channel().register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
            }
            EchoLoad.sleepUntil(start);
            for (Connection connection : connections) {
                if (!connection.schedule.isWaiting()) {
                    connection.send(System.nanoTime());
                }
            }
            if (pacing.isOpen()) {
                try (Alarm alarm = new Alarm(selector, Thread.currentThread().getName() + "-alarm")) {
                    loop(selector, connections, alarm);
                }
            } else {
                loop(selector, connections, null);
            }
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

    private void loop(Selector selector, List<Connection> connections, Alarm alarm) throws IOException {
        while (phase < phaseEnds.length) {
            // the closed loop sends from handle(), on each echo: nothing is ever due here
            long wake = alarm == null ? phaseEnds[phase]
                : Math.min(phaseEnds[phase], sendDue(connections, System.nanoTime()));
            if (alarm != null) {
                alarm.set(wake);
            }
            // The alarm wakes the selector on time; the timeout, rounded up, is a backstop.
            long waitMillis = Math.max(1, (wake - System.nanoTime() + 999_999) / 1_000_000);
            selector.select(key -> handle(key), waitMillis);
            if (failure != null) {
                throw failure;
            }
            advance(System.nanoTime());
        }
    }

    /** Moves on to the phase a moment falls in, so that an echo counts in the phase it completed in. */
    private void advance(long now) {
        while (phase < phaseEnds.length && now >= phaseEnds[phase]) {
            phase++;
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
            if (connection.schedule.isDue(now)) {
                connection.send(now);
            } else if (connection.schedule.isWaiting()) {
                next = Math.min(next, connection.schedule.intended());
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

    /** One connection's state: its link, its reply counter, its schedule and the request in flight. */
    private final class Connection {
        private final Link link;
        private final Replies replies;
        private final Schedule schedule;
        private final ByteBuffer out = ByteBuffer.wrap(request);
        private SelectionKey key;

        Connection(Link link, Replies replies, Schedule schedule) {
            this.link = link;
            this.replies = replies;
            this.schedule = schedule;
        }

        void send(long now) throws IOException {
            schedule.sent(now);
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
            long latency = schedule.echoed(now);
            advance(now);
            if (phase < phaseEnds.length) {
                histograms[phase].record(latency);
                completed[phase] += done;
            }
            if (!schedule.isWaiting()) {
                send(now);
            }
        }
    }
}
