package dev.wskit.benchmarks.compare;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The comparison's summary for a README: one row per target, one column per echo cell (round trips/s in the
 * closed loop, p99 latency in the open loop), the stream's MiB/s, the heap per idle connection and the server's
 * CPU time per 125 B message at 64 connections, then the checks against the bar. It replaces whatever stands
 * between the markers {@value #BEGIN} and {@value #END}, so the README always shows the latest run. Stateless.
 */
final class ReadmeSummary {
    static final String BEGIN = "<!-- transport-comparison:begin -->";
    static final String END = "<!-- transport-comparison:end -->";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private ReadmeSummary() {
    }

    /**
     * Formats the summary.
     *
     * @param report the figures
     * @param results the results folder as the README links it, such as {@code ws-benchmarks/results}
     * @return the markdown, without the markers
     */
    static String format(Report report, String results) {
        StringBuilder out = new StringBuilder();
        Timing timing = report.timing();
        out.append("Latest ").append(report.mode()).append(" run (").append(timing.warmups())
            .append(timing.warmups() == 1 ? " warm-up and " : " warm-ups and ").append(timing.runs())
            .append(" runs of ").append(Format.fixed(timing.run().toMillis() / 1000.0, 1)).append(" s per cell), ")
            .append(DAY.format(report.started()))
            .append(", on ").append(report.machine().label()).append(" (every figure, latency and spread in [")
            .append(results).append("/results.md](").append(results).append("/results.md), raw figures in [")
            .append(results).append("/results.json](").append(results).append("/results.json)):\n\n")
            .append("![Round trips per second, open-loop latency and server CPU per message](").append(results).append("/results.svg)\n\n");
        table(out, report);
        StringBuilder bar = new StringBuilder();
        MarkdownReport.bar(bar, report);
        out.append(bar.toString().replace("## Against the bar", "Against the bar:"));
        return out.toString();
    }

    /**
     * Puts a summary between the markers of a README's text.
     *
     * @param readme the README's text, holding both markers in order
     * @param summary the summary
     * @return the new text
     * @throws IllegalArgumentException when the markers are missing
     */
    static String splice(String readme, String summary) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("The README has no " + BEGIN + " … " + END + " section");
        }
        return readme.substring(0, begin + BEGIN.length()) + "\n" + summary + readme.substring(end);
    }

    /**
     * A column of the summary's table.
     *
     * @param heading the column's heading
     * @param value a target's figure, empty where not measured
     */
    private record Column(String heading, Function<Target, String> value) {
    }

    private static void table(StringBuilder out, Report report) {
        List<Column> columns = new ArrayList<>();
        for (Workload workload : List.of(Workload.ECHO, Workload.STREAM, Workload.IDLE)) {
            for (Cell cell : report.cells(workload)) {
                columns.add(new Column(heading(cell), target -> value(report, target, cell)));
            }
        }
        Cell many = Cell.echo(Plan.SMALL, 64);
        if (report.cells(Workload.ECHO).contains(many)) {
            columns.add(new Column("server CPU µs/message, " + Format.bytes(many.size()) + " × 64",
                target -> cpu(report, target, many)));
        }
        out.append("| target");
        columns.forEach(column -> out.append(" | ").append(column.heading()));
        out.append(" |\n|---").append("|---:".repeat(columns.size())).append("|\n");
        for (Target target : report.targets()) {
            out.append("| ").append(target.name());
            columns.forEach(column -> out.append(" | ").append(column.value().apply(target)));
            out.append(" |\n");
        }
        out.append('\n');
    }

    private static String heading(Cell cell) {
        return switch (cell.workload()) {
            case ECHO -> cell.isOpenLoop()
                ? "p99 µs, " + Format.bytes(cell.size()) + " × " + Format.grouped(cell.connections()) + " at "
                    + Format.grouped(cell.rate()) + "/s"
                : "round trips/s, " + Format.bytes(cell.size()) + " × " + Format.grouped(cell.connections());
            case STREAM -> "MiB/s one way, " + Format.bytes(cell.size());
            case IDLE -> "heap per idle connection (" + Format.grouped(cell.connections()) + ")";
        };
    }

    private static String value(Report report, Target target, Cell cell) {
        if (!measured(report, target, cell)) {
            return "";
        }
        return report.find(target, cell).map(m -> switch (cell.workload()) {
            case ECHO -> cell.isOpenLoop() ? Format.micros(m.latency(99))
                : Format.grouped(m.rate().mean());
            case STREAM -> Format.grouped(Spread.of(m.runs(), Run::bytesPerSecond).mean() / (1024 * 1024));
            case IDLE -> Format.kb(m.idle().heapPerConnection());
        }).orElse("failed");
    }

    private static String cpu(Report report, Target target, Cell cell) {
        if (!measured(report, target, cell)) {
            return "";
        }
        return report.find(target, cell).map(m -> {
            double nanos = Spread.of(m.runs(), Run::cpuNanosPerMessage).mean();
            return nanos < 0 ? "n/a" : Format.micros(nanos);
        }).orElse("failed");
    }

    private static boolean measured(Report report, Target target, Cell cell) {
        return report.measurements().stream().anyMatch(m -> m.target().equals(target) && m.cell().equals(cell));
    }
}
