package dev.wskit.benchmarks.compare;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison's summary for a README: one row per target, one column per echo cell (round trips/s in the
 * closed loop, p99 latency in the open loop), the stream's MiB/s and the heap per idle connection, then the
 * checks against the bar. It replaces whatever stands
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
        out.append("Latest ").append(report.mode()).append(" run, ").append(DAY.format(report.started()))
            .append(", on ").append(report.machine().label()).append(" (every figure, latency and spread in [")
            .append(results).append("/results.md](").append(results).append("/results.md), raw figures in [")
            .append(results).append("/results.json](").append(results).append("/results.json)):\n\n")
            .append("![Round trips per second](").append(results).append("/results.svg)\n\n");
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

    private static void table(StringBuilder out, Report report) {
        List<Cell> echoes = report.cells(Workload.ECHO);
        List<Cell> columns = new ArrayList<>(echoes);
        columns.addAll(report.cells(Workload.STREAM));
        columns.addAll(report.cells(Workload.IDLE));
        out.append("| target");
        for (Cell cell : columns) {
            out.append(" | ").append(heading(cell));
        }
        out.append(" |\n|---").append("|---:".repeat(columns.size())).append("|\n");
        for (Target target : report.targets()) {
            out.append("| ").append(target.name());
            for (Cell cell : columns) {
                out.append(" | ").append(value(report, target, cell));
            }
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
        boolean measured = report.measurements().stream()
            .anyMatch(m -> m.target().equals(target) && m.cell().equals(cell));
        if (!measured) {
            return "";
        }
        return report.find(target, cell).map(m -> switch (cell.workload()) {
            case ECHO -> cell.isOpenLoop() ? Format.micros(Spread.of(m.runs(), Run::p99).mean())
                : Format.grouped(m.rate().mean());
            case STREAM -> Format.grouped(Spread.of(m.runs(), Run::bytesPerSecond).mean() / (1024 * 1024));
            case IDLE -> Format.kb(m.idle().heapPerConnection());
        }).orElse("failed");
    }
}
