package dev.wskit.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one target's cells: starts {@link ServerMain} in its own JVM, waits for its ports, starts
 * {@link LoadMain} in another, relays the idle cells' memory readings between them, and collects the figures.
 * Idle cells get a fresh server JVM of their own, with a fixed, pre-touched heap sized for them: the heap then
 * neither grows nor shrinks around the readings, so the resident set's growth is the connections' native
 * memory (the heap is read separately). Traffic cells share one server JVM with a fixed 1 GiB heap. A watchdog
 * ends both processes when they run far past their expected time. Not thread-safe.
 */
final class TargetRun {
    private static final long MARGIN_SECONDS = 60;
    private static final long IDLE_SECONDS = 180;
    private static final List<String> SERVER_JVM = List.of("-Xms1g", "-Xmx1g");
    private static final List<String> LOAD_JVM = List.of("-Xmx2g");
    /** Idle servers' heap: a base plus this many KiB per connection (wskit's socket transports use ~90). */
    private static final int IDLE_HEAP_BASE_MIB = 256;
    private static final int IDLE_HEAP_KIB_PER_CONNECTION = 192;

    private final Target target;
    private final List<Cell> cells;
    private final Timing timing;
    private final int loadThreads;
    private final PrintStream log;
    private final Map<Cell, List<Run>> runs = new LinkedHashMap<>();
    private final Map<Cell, String> failures = new HashMap<>();
    private final Map<Cell, Idle> idles = new HashMap<>();

    /**
     * Prepares a run.
     *
     * @param target the target
     * @param cells its cells, in order
     * @param timing warm-ups, runs and their length
     * @param loadThreads load threads for echo cells
     * @param log where progress goes
     */
    TargetRun(Target target, List<Cell> cells, Timing timing, int loadThreads, PrintStream log) {
        this.target = target;
        this.cells = List.copyOf(cells);
        this.timing = timing;
        this.loadThreads = loadThreads;
        this.log = log;
    }

    /**
     * Runs the cells.
     *
     * @return one measurement per cell, failed ones included
     */
    List<Measurement> run() {
        List<Cell> idle = cells.stream().filter(cell -> cell.workload() == Workload.IDLE).toList();
        List<Cell> traffic = cells.stream().filter(cell -> cell.workload() != Workload.IDLE).toList();
        if (!idle.isEmpty()) {
            int connections = idle.stream().mapToInt(Cell::connections).max().orElseThrow();
            String heap = (IDLE_HEAP_BASE_MIB + connections * IDLE_HEAP_KIB_PER_CONNECTION / 1024) + "m";
            session(idle, List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
        }
        if (!traffic.isEmpty()) {
            session(traffic, SERVER_JVM);
        }
        return measurements();
    }

    private void session(List<Cell> sessionCells, List<String> serverJvm) {
        Process server = null;
        Process load = null;
        AtomicBoolean finished = new AtomicBoolean();
        try {
            server = start(ServerMain.class, serverJvm, List.of(target.name()));
            Control control = new Control(server);
            Map<String, String> ready = Lines.fields(control.expect("READY"));
            load = start(LoadMain.class, LOAD_JVM, loadArguments(sessionCells, ready, server.pid()));
            watch(sessionCells, finished, server, load);
            follow(load, control);
        } catch (IOException | RuntimeException e) {
            failAll(sessionCells, LoadMain.oneLine(e));
        } finally {
            finished.set(true);
            stop(server, load);
        }
        failAll(sessionCells, "the load generator ended before this cell");
    }

    private void follow(Process load, Control control) throws IOException {
        BufferedReader lines = reader(load);
        PrintWriter answers = new PrintWriter(load.getOutputStream(), true, StandardCharsets.UTF_8);
        Map<String, String> baseline = Map.of();
        Map<String, String> loaded = Map.of();
        for (String line = lines.readLine(); line != null && !line.equals("DONE"); line = lines.readLine()) {
            String[] parts = line.split(" ", 3);
            Cell cell = parts.length > 1 ? Cell.parse(parts[1]) : null;
            switch (parts[0]) {
                case "RUN" -> addRun(cell, Run.parse(parts[2].substring(parts[2].indexOf(' ') + 1)));
                case "FAIL" -> fail(cell, parts.length > 2 ? parts[2] : "failed");
                case "IDLE-BASELINE" -> baseline = Lines.fields(control.stats());
                case "HOLDING" -> loaded = Lines.merge(Lines.fields(control.stats()), Lines.fields(line));
                case "IDLE-HELD" -> addIdle(cell, baseline, loaded, Lines.fields(line));
                default -> log.println("  (load) " + line);
            }
            if (parts[0].equals("IDLE-BASELINE") || parts[0].equals("HOLDING")) {
                answers.println("go");
            }
        }
    }

    private void addRun(Cell cell, Run run) {
        List<Run> list = runs.computeIfAbsent(cell, key -> new ArrayList<>());
        list.add(run);
        if (list.size() == timing.runs()) {
            Spread rate = Spread.of(list, Run::perSecond);
            log.printf("  %-22s %-34s %s %s (%s–%s)%s%n", target, cell.label(), Format.grouped(rate.mean()),
                cell.workload() == Workload.ECHO ? "round trips/s" : "messages/s", Format.grouped(rate.min()),
                Format.grouped(rate.max()), cell.workload() == Workload.ECHO
                    ? ", p99 " + Format.micros(list.getLast().p99()) + " µs" : "");
        }
    }

    private void addIdle(Cell cell, Map<String, String> baseline, Map<String, String> loaded,
                         Map<String, String> held) {
        Idle idle = new Idle(Integer.parseInt(loaded.get("opened")), Integer.parseInt(held.get("held")),
            Long.parseLong(baseline.get("heap")), Long.parseLong(baseline.get("rss")),
            Long.parseLong(loaded.get("heap")), Long.parseLong(loaded.get("rss")), loaded.getOrDefault("note", ""));
        idles.put(cell, idle);
        log.printf("  %-22s %-34s held %d of %d, heap %s and native %s per connection%n", target, cell.label(),
            idle.held(), cell.connections(), Format.kb(idle.heapPerConnection()),
            Format.kb(idle.rssPerConnection()));
    }

    private void fail(Cell cell, String reason) {
        failures.put(cell, reason);
        log.printf("  %-22s %-34s FAILED: %s%n", target, cell.label(), reason);
    }

    private void failAll(List<Cell> sessionCells, String reason) {
        for (Cell cell : sessionCells) {
            if (!runs.containsKey(cell) && !idles.containsKey(cell) && !failures.containsKey(cell)) {
                fail(cell, reason);
            }
        }
    }

    private List<Measurement> measurements() {
        List<Measurement> measurements = new ArrayList<>();
        for (Cell cell : cells) {
            if (failures.containsKey(cell)) {
                measurements.add(Measurement.failed(target, cell, failures.get(cell)));
            } else if (idles.containsKey(cell)) {
                measurements.add(Measurement.ofIdle(target, cell, idles.get(cell)));
            } else {
                measurements.add(Measurement.ofRuns(target, cell, runs.get(cell)));
            }
        }
        return measurements;
    }

    private List<String> loadArguments(List<Cell> sessionCells, Map<String, String> ready, long serverPid) {
        return List.of("--target", target.name(), "--port", ready.get("echo"), "--sink-port", ready.get("sink"),
            "--server-pid", Long.toString(serverPid), "--cert", ready.get("cert"),
            "--warmups", Integer.toString(timing.warmups()), "--runs", Integer.toString(timing.runs()),
            "--millis", Long.toString(timing.run().toMillis()),
            "--jvm-warmup-millis", Long.toString(timing.jvmWarmup().toMillis()),
            "--threads", Integer.toString(loadThreads),
            "--cells", String.join(",", sessionCells.stream().map(Cell::toString).toList()));
    }

    private void watch(List<Cell> sessionCells, AtomicBoolean finished, Process server, Process load) {
        long seconds = MARGIN_SECONDS;
        for (Cell cell : sessionCells) {
            seconds += cell.workload() == Workload.IDLE ? IDLE_SECONDS
                : timing.phases() * timing.run().toSeconds() + timing.jvmWarmup().toSeconds() + MARGIN_SECONDS;
        }
        CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS).execute(() -> {
            if (!finished.get()) {
                log.println("  " + target + ": still running after the expected time; stopping it");
                load.destroyForcibly();
                server.destroyForcibly();
            }
        });
    }

    private static Process start(Class<?> main, List<String> options, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        if (Runtime.version().feature() >= 23) {
            // Netty uses sun.misc.Unsafe, which JDK 24 warns about on every start (JEP 498); keep the log quiet.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        // Jetty announces each start and stop at INFO, in the middle of the comparison's figures.
        command.add("-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void stop(Process server, Process load) {
        if (load != null) {
            ChildProcesses.awaitOrKill(load);
        }
        if (server != null) {
            try (PrintWriter quit = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8)) {
                quit.println("QUIT");
            }
            ChildProcesses.awaitOrKill(server);
        }
    }

    /**
     * Reads a process's standard output as UTF-8 lines.
     *
     * @param process the process
     * @return the reader
     */
    static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The server's control channel: its standard input and output. */
    private static final class Control {
        private final BufferedReader in;
        private final PrintWriter out;

        Control(Process server) {
            this.in = reader(server);
            this.out = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        String expect(String prefix) throws IOException {
            String line = in.readLine();
            if (line == null || !line.startsWith(prefix + " ")) {
                throw new IOException("Expected " + prefix + " from the server but was " + line);
            }
            return line;
        }

        String stats() throws IOException {
            out.println("STATS");
            return expect("STATS");
        }
    }
}
