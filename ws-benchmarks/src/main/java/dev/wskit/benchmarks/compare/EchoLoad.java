package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an echo cell, closed- or open-loop as the cell's {@link Pacing} says: opens its connections, spreads
 * them over the load threads, lets them run through the warm-ups and measured runs without a pause, and reads
 * the server's CPU time and its own process's at each boundary. Stateless.
 */
final class EchoLoad {
    private static final long START_DELAY_NANOS = 20_000_000;
    /** The processes whose CPU time is sampled, by their index in the samples: the server's, then our own. */
    private static final int SERVER = 0;
    private static final int LOAD = 1;

    private EchoLoad() {
    }

    /**
     * Runs one echo cell.
     *
     * @param setup the target and settings
     * @param cell the cell (size and connections)
     * @param first whether it is the first cell of the server process (its warm-up is longer)
     * @return the measured runs, warm-ups left out
     * @throws IOException when connections cannot be opened or fail during the run
     */
    static List<Run> run(LoadSetup setup, Cell cell, boolean first) throws IOException {
        List<String> failures = new ArrayList<>();
        List<Link> links = setup.echo().openAll(cell.connections(), "/echo", failures);
        try {
            if (links.size() < cell.connections()) {
                throw new IOException("Opened " + links.size() + " of " + cell.connections() + " connections: "
                    + failures);
            }
            byte[] request = ClientFrames.text(ClientFrames.payload(cell.size()), setup.target().deflate());
            return drive(setup, cell, links, request, first);
        } finally {
            links.forEach(Link::close);
        }
    }

    private static List<Run> drive(LoadSetup setup, Cell cell, List<Link> links, byte[] request, boolean first)
        throws IOException {
        Timing timing = setup.timing();
        long start = System.nanoTime() + START_DELAY_NANOS;
        long[] ends = new long[timing.phases()];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = (i == 0 ? start : ends[i - 1]) + timing.phase(i, first).toNanos();
        }
        List<EchoDriver> drivers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int count = Math.min(setup.threads(), links.size());
        for (int t = 0; t < count; t++) {
            EchoDriver driver = new EchoDriver(share(links, t, count), request, setup.target(), cell.pacing(),
                cell.pacing().firsts(start, t, count, links.size()), start, ends);
            drivers.add(driver);
            threads.add(Thread.ofPlatform().name("echo-load-" + t).start(driver));
        }
        long[][] cpu = sampleCpu(List.of(setup.cpu(), new ServerCpu(ProcessHandle.current().pid())), start, ends);
        join(threads);
        for (EchoDriver driver : drivers) {
            if (driver.failure() != null) {
                throw driver.failure();
            }
        }
        return measured(timing, cell, drivers, start, ends, cpu);
    }

    private static List<Link> share(List<Link> links, int thread, int threads) {
        List<Link> share = new ArrayList<>();
        for (int i = thread; i < links.size(); i += threads) {
            share.add(links.get(i));
        }
        return share;
    }

    /** Reads each process's CPU time at the start and at each phase's end: samples[process][0..phases]. */
    private static long[][] sampleCpu(List<ServerCpu> processes, long start, long[] ends) {
        long[][] samples = new long[processes.size()][ends.length + 1];
        for (int i = 0; i <= ends.length; i++) {
            sleepUntil(i == 0 ? start : ends[i - 1]);
            for (int p = 0; p < processes.size(); p++) {
                samples[p][i] = processes.get(p).nanos();
            }
        }
        return samples;
    }

    private static List<Run> measured(Timing timing, Cell cell, List<EchoDriver> drivers, long start, long[] ends,
                                      long[][] cpu) {
        List<Run> runs = new ArrayList<>();
        for (int phase = timing.warmups(); phase < ends.length; phase++) {
            Latencies merged = new Latencies();
            long messages = 0;
            for (EchoDriver driver : drivers) {
                merged.add(driver.histogram(phase));
                messages += driver.completed(phase);
            }
            long nanos = ends[phase] - (phase == 0 ? start : ends[phase - 1]);
            runs.add(new Run(messages, messages * cell.size(), nanos,
                ServerCpu.between(cpu[SERVER][phase], cpu[SERVER][phase + 1]), merged.percentile(50),
                merged.percentile(99), merged.percentile(99.9), merged.encode(),
                ServerCpu.between(cpu[LOAD][phase], cpu[LOAD][phase + 1])));
        }
        return runs;
    }

    /**
     * Sleeps until a moment on the {@link System#nanoTime()} clock.
     *
     * @param nanoTime the moment
     */
    static void sleepUntil(long nanoTime) {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private static void join(List<Thread> threads) throws IOException {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while the load ran", e);
        }
    }
}
