package dev.wskit.benchmarks.compare;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes {@code results.md}: the machine and method, the checks against the bar, then one table per cell
 * (rows are figures, one column per target), and the failures. Stateless.
 */
final class MarkdownReport {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(ZoneOffset.UTC);

    private static final String HEADER = """
        # wskit transport comparison (%s mode)

        Run %s on %s; took %s.

        Each cell: %d warm-up%s and %d measured runs of %s s (a server's first warm-up %s s longer). Figures are \
        the mean of the measured runs, with the spread (min–max) of the runs. Servers and the load generator \
        run in separate JVMs on the same machine. The echo is closed-loop (each connection sends a message and \
        waits for its echo) except in the open-loop tables, where the connections send on a fixed schedule at \
        the rate the table names, and latency counts from each message's intended send time, so a server that \
        falls behind is charged for the wait (coordinated-omission correction). Latency percentiles are taken \
        through HdrHistogram over all measured runs together. Server CPU is the server process's CPU time (all \
        threads) per message; the load generator's CPU is its own process's CPU time over the run's length, \
        where one core busy all the time is 1.00. Idle cells run on a fresh server JVM with a fixed, \
        pre-touched heap: heap per connection is live heap after a full GC, and the resident set's growth is \
        native memory (thread stacks, direct buffers, JVM structures).

        ![Round trips per second and open-loop latency](results.svg)

        """;

    private MarkdownReport() {
    }

    /**
     * Formats a report.
     *
     * @param report the figures
     * @return the markdown text
     */
    static String format(Report report) {
        StringBuilder out = new StringBuilder();
        header(out, report);
        bar(out, report);
        for (Cell cell : report.cells(Workload.ECHO)) {
            table(out, report, cell, (cell.isOpenLoop() ? "Echo, open loop: " : "Echo: ") + cell.label(),
                cell.isOpenLoop() ? openRows() : echoRows());
        }
        for (Cell cell : report.cells(Workload.STREAM)) {
            table(out, report, cell, "One-way stream: " + Format.bytes(cell.size()) + " messages", streamRows());
        }
        for (Cell cell : report.cells(Workload.IDLE)) {
            table(out, report, cell, "Idle: " + cell.label(), idleRows(cell));
        }
        failures(out, report);
        return out.toString();
    }

    /**
     * A table row: its label and how a measurement fills its cell.
     *
     * @param label the row's label
     * @param value formats a successful measurement
     */
    private record Row(String label, Function<Measurement, String> value) {
    }

    private static void header(StringBuilder out, Report report) {
        Timing timing = report.timing();
        out.append(HEADER.formatted(report.mode(), WHEN.format(report.started()), report.machine().label(),
            Format.duration(report.took().toSeconds()), timing.warmups(), timing.warmups() == 1 ? "" : "s",
            timing.runs(), Format.fixed(timing.run().toMillis() / 1000.0, 1),
            Format.fixed(timing.jvmWarmup().toMillis() / 1000.0, 1)));
        out.append("Servers:\n\n");
        Peers.of(report.targets()).forEach((name, settings) ->
            out.append("- **").append(name).append("**: ").append(settings).append('\n'));
        out.append('\n');
    }

    /**
     * Appends the checks against the bar as a section with a table.
     *
     * @param out where the markdown goes
     * @param report the figures
     */
    static void bar(StringBuilder out, Report report) {
        out.append("## Against the bar\n\n| transport | check | measured | bar | verdict |\n|---|---|---:|---:|---|\n");
        for (Bar.Check check : Bar.evaluate(report)) {
            out.append("| ").append(check.transport()).append(" | ").append(check.what()).append(" | ")
                .append(check.valueText()).append(" | ").append(check.barText()).append(" | ")
                .append(check.verdict()).append(" |\n");
        }
        out.append('\n');
    }

    private static void table(StringBuilder out, Report report, Cell cell, String title, List<Row> rows) {
        List<Target> targets = report.targetsIn(cell);
        out.append("## ").append(title).append("\n\n|");
        targets.forEach(target -> out.append(" | ").append(target.name()));
        out.append(" |\n|---");
        targets.forEach(target -> out.append("|---:"));
        out.append("|\n");
        for (Row row : rows) {
            List<String> values = targets.stream()
                .map(target -> report.find(target, cell).map(row.value()).orElse("failed")).toList();
            if (values.stream().anyMatch(value -> !value.isEmpty())) {
                out.append("| ").append(row.label()).append(" | ").append(String.join(" | ", values)).append(" |\n");
            }
        }
        out.append('\n');
    }

    private static List<Row> echoRows() {
        return List.of(
            new Row("round trips/s", m -> Format.grouped(m.rate().mean())),
            new Row("spread (min–max)", m -> Format.grouped(m.rate().min()) + "–" + Format.grouped(m.rate().max())),
            new Row("p50 latency (µs)", m -> Format.micros(m.latency(50))),
            new Row("p99 latency (µs)", m -> Format.micros(m.latency(99))),
            new Row("p99.9 latency (µs)", m -> Format.micros(m.latency(99.9))),
            cpuRow(),
            loadRow());
    }

    private static List<Row> openRows() {
        return List.of(
            new Row("p50 latency (µs)", m -> Format.micros(m.latency(50))),
            new Row("p99 latency (µs)", m -> Format.micros(m.latency(99))),
            new Row("p99 of each run (min–max, µs)", m -> Format.micros(Spread.of(m.runs(), Run::p99).min()) + "–"
                + Format.micros(Spread.of(m.runs(), Run::p99).max())),
            new Row("p99.9 latency (µs)", m -> Format.micros(m.latency(99.9))),
            new Row("round trips/s achieved", m -> Format.grouped(m.rate().mean())
                + (m.fellBehind() ? " (fell behind)" : "")),
            cpuRow());
    }

    private static List<Row> streamRows() {
        return List.of(
            new Row("MiB/s", m -> mebibytes(Spread.of(m.runs(), Run::bytesPerSecond).mean())),
            new Row("spread (min–max)", m -> mebibytes(Spread.of(m.runs(), Run::bytesPerSecond).min()) + "–"
                + mebibytes(Spread.of(m.runs(), Run::bytesPerSecond).max())),
            new Row("messages/s", m -> Format.grouped(m.rate().mean())),
            cpuRow());
    }

    private static List<Row> idleRows(Cell cell) {
        return List.of(
            new Row("connections held", m -> Format.grouped(m.idle().held()) + " of "
                + Format.grouped(cell.connections())),
            new Row("heap per connection", m -> Format.kb(m.idle().heapPerConnection())),
            new Row("native memory per connection (RSS growth)", m -> Format.kb(m.idle().rssPerConnection())),
            new Row("total per connection", m -> Format.kb(m.idle().heapPerConnection()
                + m.idle().rssPerConnection())),
            new Row("note", m -> m.idle().note().isEmpty() ? "" : m.idle().note().replace('|', '/')));
    }

    private static Row cpuRow() {
        return new Row("server CPU per message (µs)", m -> {
            double nanos = Spread.of(m.runs(), Run::cpuNanosPerMessage).mean();
            return nanos < 0 ? "n/a" : Format.micros(nanos);
        });
    }

    /** How many cores the load generator kept busy: near 1.0 per load thread, it is what limits the rate. */
    private static Row loadRow() {
        return new Row("load generator CPU (cores busy)", m -> {
            double cores = Spread.of(m.runs(), Run::loadCores).mean();
            return cores < 0 ? "" : Format.fixed(cores, 2);
        });
    }

    private static String mebibytes(double bytesPerSecond) {
        return Format.grouped(bytesPerSecond / (1024 * 1024));
    }

    private static void failures(StringBuilder out, Report report) {
        List<String> lines = new ArrayList<>();
        for (Measurement failed : report.failures()) {
            lines.add("- " + failed.target().name() + ", " + failed.cell().label() + ": "
                + failed.failure().replace('|', '/'));
        }
        if (!lines.isEmpty()) {
            out.append("## Failures\n\n").append(String.join("\n", lines)).append("\n\n");
        }
    }
}
