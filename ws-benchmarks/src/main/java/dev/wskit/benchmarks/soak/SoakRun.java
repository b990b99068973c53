package dev.wskit.benchmarks.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one soak: starts the server's JVM, optionally holds connections open, then runs the cycles in batches of
 * {@link Settings#every()}, sampling the server after each batch (with no cycle in flight), printing each
 * sample as a table row, and finally checks the series against the bounds. Not thread-safe.
 */
final class SoakRun {
    private final Settings settings;
    private final PrintStream log;

    /**
     * Prepares a run.
     *
     * @param settings what to run
     * @param log where the table goes
     */
    SoakRun(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * The outcome of a run.
     *
     * @param series the samples, the first (after the warm-up interval) being the baseline
     * @param violations the quantities that grew past their bounds
     * @param heldRounds the echo rounds every held connection completed (0 without held connections)
     */
    record Result(List<Sample> series, List<Bounds.Violation> violations, long heldRounds) {
        /**
         * Tells whether every quantity stayed within its bound.
         *
         * @return true when there is no violation
         */
        boolean passed() {
            return violations.isEmpty();
        }
    }

    /**
     * Runs the soak.
     *
     * @return the series and its check
     * @throws IOException when the server cannot start or answer, a cycle fails, or a held connection is lost
     * @throws InterruptedException when interrupted
     */
    Result run() throws IOException, InterruptedException {
        log.println("Soak: " + settings.label());
        try (ServerProcess server = ServerProcess.start(settings.transport(), settings.deflate(),
            settings.serverHeapMib())) {
            if (settings.held() == 0) {
                return result(cycles(server), 0);
            }
            try (HeldConnections held = HeldConnections.open(server.port(), settings.held())) {
                log.printf("holding %,d connections, each echoing a message a round%n", held.size());
                List<Sample> series = cycles(server);
                held.verify();
                log.printf("held connections: all %,d open, %,d echo rounds each%n", held.size(), held.rounds());
                return result(series, held.rounds());
            }
        }
    }

    private List<Sample> cycles(ServerProcess server) throws IOException, InterruptedException {
        CycleLoad load = new CycleLoad(server.port(), settings.deflate(), settings.concurrency());
        List<Sample> series = new ArrayList<>();
        log.println(SeriesTable.header());
        for (long done = 0; done < settings.cycles(); ) {
            long batch = Math.min(settings.every(), settings.cycles() - done);
            long started = System.nanoTime();
            load.run(batch);
            double seconds = (System.nanoTime() - started) / 1e9;
            done += batch;
            Sample sample = server.sample(settings.held(), done, batch / seconds);
            series.add(sample);
            log.println(SeriesTable.row(sample));
        }
        return series;
    }

    private Result result(List<Sample> series, long heldRounds) {
        List<Bounds.Violation> violations = settings.bounds().check(series);
        log.println("Growth over the first sample (cycle " + String.format(Locale.ROOT, "%,d",
            series.getFirst().cycle()) + "):");
        log.print(SeriesTable.growth(series, settings.bounds()));
        for (Bounds.Violation violation : violations) {
            log.println("FAIL: " + violation.message());
        }
        if (violations.isEmpty()) {
            log.println("PASS: every quantity stayed within its bound");
        }
        return new Result(series, violations, heldRounds);
    }
}
