package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transport comparison's entry point: runs the quick or full plan, one target at a time (a server JVM
 * and a load-generator JVM each), and writes {@code results.json}, {@code results.md} and
 * {@code results.svg} into the output folder.
 *
 * <pre>java -cp ws-benchmarks/target/benchmarks.jar dev.wskit.benchmarks.compare.Compare --quick --out results/</pre>
 */
public final class Compare {
    private static final Set<String> VALUED = Set.of("out", "targets", "warmups", "runs", "seconds",
        "load-threads", "readme", "rate");
    private static final Set<String> FLAGS = Set.of("quick", "goals", "full", "help");
    private static final String USAGE = """
        Usage: java -cp benchmarks.jar dev.wskit.benchmarks.compare.Compare [--quick|--goals|--full] [options]

          --quick              a first look in about four minutes on two cores (the default)
          --goals              the cells issue #15's goals are judged on: 125 B at 64 and 1,000
                               connections on raw-tcp, netty, jetty, vertx and wskit-nio, at 64 also
                               TLS and deflate on netty and wskit-nio; the full plan's timing (about
                               20 minutes)
          --full               every target, 125 B and 16 KiB, 1, 64 and 1,000 connections, an
                               open-loop echo, streams, 10,000 idle connections; 2 warm-ups and 5 runs
                               of 10 s per cell
          --out DIR            where results.json, results.md and results.svg go (default results)
          --targets A,B        only these targets (raw-tcp, {netty,jetty,vertx}[-tls][-deflate],
                               wskit-T[-tls][-deflate])
          --warmups N, --runs N, --seconds S   override the plan's timing
          --load-threads N     load threads for echo cells (default: a quarter of the cores, at least 1)
          --rate R             the open-loop echo cells' rate: R messages/s over all connections (default
                               10,000); latency counts from each message's intended send time; 0 leaves
                               them out (the other echo cells are closed-loop: the next message as soon
                               as the echo is back)
          --readme FILE        also put a summary between FILE's transport-comparison markers
        """;

    private Compare() {
    }

    /**
     * Runs the comparison.
     *
     * @param args the options (see {@code --help})
     * @throws IOException when the results cannot be written
     */
    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args, VALUED, FLAGS);
        if (options.has("help")) {
            System.out.print(USAGE);
            return;
        }
        Plan plan = plan(options);
        int loadThreads = options.intValue("load-threads", Math.max(1, Runtime.getRuntime().availableProcessors() / 4));
        Report report = run(plan, loadThreads, System.out);
        Path out = Path.of(options.get("out", "results"));
        write(report, out, System.out);
        if (options.get("readme", null) != null) {
            updateReadme(report, Path.of(options.require("readme")), out);
        }
    }

    /**
     * Puts the summary into a README, linking the results folder relative to it.
     *
     * @param report the figures
     * @param readme the README, holding the {@link ReadmeSummary} markers
     * @param results the results folder
     * @throws IOException when the README cannot be read or written
     */
    static void updateReadme(Report report, Path readme, Path results) throws IOException {
        Path base = readme.toAbsolutePath().normalize().getParent();
        String link = base.relativize(results.toAbsolutePath().normalize()).toString().replace('\\', '/');
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, ReadmeSummary.splice(text, ReadmeSummary.format(report, link)),
            StandardCharsets.UTF_8);
    }

    /**
     * Chooses the plan the options ask for: quick, goals or full, narrowed to some targets, the open-loop rate and
     * the timing overridden.
     *
     * @param options the parsed options
     * @return the plan
     * @throws IllegalArgumentException when a target is unknown or not in the plan
     */
    static Plan plan(Options options) {
        Plan plan = options.has("full") ? Plan.full() : options.has("goals") ? Plan.goals() : Plan.quick();
        if (options.get("targets", null) != null) {
            plan = plan.only(new LinkedHashSet<>(Arrays.asList(options.require("targets").split(","))));
        }
        Timing timing = plan.timing();
        return plan.withOpenRate(options.intValue("rate", Plan.OPEN_RATE))
            .with(new Timing(options.intValue("warmups", timing.warmups()),
                options.intValue("runs", timing.runs()),
                Duration.ofMillis((long) (1000 * Double.parseDouble(
                    options.get("seconds", Double.toString(timing.run().toMillis() / 1000.0))))),
                timing.jvmWarmup()));
    }

    /**
     * Runs a plan.
     *
     * @param plan the plan
     * @param loadThreads load threads for echo cells
     * @param log where progress goes
     * @return the report
     */
    static Report run(Plan plan, int loadThreads, PrintStream log) {
        Machine machine = Machine.describe();
        log.println("wskit transport comparison, " + plan.mode() + " mode, on " + machine.label());
        Instant started = Instant.now();
        List<Measurement> measurements = new ArrayList<>();
        for (Map.Entry<Target, List<Cell>> entry : plan.cells().entrySet()) {
            log.println(entry.getKey() + ":");
            measurements.addAll(new TargetRun(entry.getKey(), entry.getValue(), plan.timing(), loadThreads, log)
                .run());
        }
        return new Report(plan.mode(), machine, plan.timing(), started, Duration.between(started, Instant.now()),
            plan.targets(), measurements);
    }

    /**
     * Writes the three result files and prints the checks against the bar.
     *
     * @param report the figures
     * @param folder the output folder, created when missing
     * @param log where the summary goes
     * @throws IOException when a file cannot be written
     */
    static void write(Report report, Path folder, PrintStream log) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("results.json"), JsonReport.format(report), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("results.md"), MarkdownReport.format(report), StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("results.svg"), SvgChart.format(report), StandardCharsets.UTF_8);
        log.println("Against the bar:");
        for (Bar.Check check : Bar.evaluate(report)) {
            log.printf("  %-9s %-95s %10s  %s%n", check.transport(), check.what(), check.valueText(),
                check.verdict());
        }
        log.println("Took " + Format.duration(report.took().toSeconds()) + "; results in "
            + folder.toAbsolutePath().normalize());
    }
}
