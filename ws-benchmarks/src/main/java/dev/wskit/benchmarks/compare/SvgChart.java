package dev.wskit.benchmarks.compare;

import dev.wskit.transport.Transports;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code results.svg}: one panel per closed-loop echo cell (round trips/s), per open-loop echo cell (p99
 * latency) and per stream cell (MiB/s), a horizontal bar per target with its value and a whisker for the runs'
 * min–max, so the ranking reads at a glance, and in a grey column at each panel's right edge the server's CPU
 * time per message (where the system reports it); the title names the machine and the date. Hand-written
 * SVG 1.1 text: a chart this plain needs no library. Stateless.
 */
final class SvgChart {
    private static final int WIDTH = 1000;
    private static final int MARGIN = 20;
    private static final int PANEL_WIDTH = (WIDTH - 3 * MARGIN) / 2;
    private static final int LABEL_WIDTH = 150;
    /** Room right of the bars for the value and the CPU column. */
    private static final int BAR_SPACE = PANEL_WIDTH - LABEL_WIDTH - 150;
    /** Room the "(behind)" mark takes from the bars of a panel that has one. */
    private static final int BEHIND_WIDTH = 50;
    private static final int ROW = 18;
    private static final int PANEL_HEAD = 28;
    private static final int TITLE_HEIGHT = 96;
    private static final String[] WSKIT_COLORS = {"#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2"};
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private SvgChart() {
    }

    /**
     * A panel's contents: its title and a value (with spread) per target, or none where the cell failed.
     *
     * @param title the panel's title
     * @param bars one per target
     * @param micros whether the values are latencies in nanoseconds, shown in µs
     */
    record Panel(String title, List<Bar> bars, boolean micros) {
    }

    /**
     * One bar.
     *
     * @param target the target
     * @param spread the value and its range, {@code null} when the cell failed
     * @param cpuNanos the server's mean CPU time per message, negative when unknown
     * @param behind whether the server fell behind an open loop's rate
     */
    record Bar(Target target, Spread spread, double cpuNanos, boolean behind) {
    }

    /**
     * Draws a report.
     *
     * @param report the figures
     * @return the SVG document
     */
    static String format(Report report) {
        List<Panel> panels = panels(report);
        StringBuilder body = new StringBuilder();
        int y = TITLE_HEIGHT;
        for (int i = 0; i < panels.size(); i += 2) {
            int rowHeight = 0;
            for (int column = 0; column < 2 && i + column < panels.size(); column++) {
                int x = MARGIN + column * (PANEL_WIDTH + MARGIN);
                rowHeight = Math.max(rowHeight, panel(body, panels.get(i + column), x, y));
            }
            y += rowHeight + MARGIN;
        }
        return header(report, y) + body + "</svg>\n";
    }

    /**
     * Lays out the panels: closed-loop echo cells, open-loop echo cells, then stream cells.
     *
     * @param report the figures
     * @return the panels, in drawing order
     */
    static List<Panel> panels(Report report) {
        List<Panel> panels = new ArrayList<>();
        List<Cell> echoes = report.cells(Workload.ECHO);
        for (Cell cell : echoes.stream().filter(cell -> !cell.isOpenLoop()).toList()) {
            panels.add(panel(report, cell, "Echo, " + cell.label() + ": round trips/s", Run::perSecond, false));
        }
        for (Cell cell : echoes.stream().filter(Cell::isOpenLoop).toList()) {
            panels.add(panel(report, cell, "Open loop, " + cell.label() + ": p99 latency", Run::p99, true));
        }
        for (Cell cell : report.cells(Workload.STREAM)) {
            panels.add(panel(report, cell, "One-way stream, " + Format.bytes(cell.size()) + " messages: MiB/s",
                run -> run.bytesPerSecond() / (1024 * 1024), false));
        }
        return panels;
    }

    private static Panel panel(Report report, Cell cell, String title, ToDoubleFunction<Run> figure,
                               boolean micros) {
        List<Bar> bars = new ArrayList<>();
        for (Target target : report.targetsIn(cell)) {
            Measurement measurement = report.find(target, cell).orElse(null);
            bars.add(measurement == null ? new Bar(target, null, -1, false)
                : new Bar(target, spread(measurement, figure, micros), cpuNanos(measurement),
                    measurement.fellBehind()));
        }
        return new Panel(title, bars, micros);
    }

    /** The runs' mean and range; for latency, the p99 over all runs together and the range of each run's. */
    private static Spread spread(Measurement measurement, ToDoubleFunction<Run> figure, boolean latency) {
        Spread runs = Spread.of(measurement.runs(), figure);
        return latency ? new Spread(measurement.latency(99), runs.min(), runs.max()) : runs;
    }

    private static double cpuNanos(Measurement measurement) {
        boolean known = measurement.runs().stream().allMatch(run -> run.cpuNanosPerMessage() >= 0);
        return known ? Spread.of(measurement.runs(), Run::cpuNanosPerMessage).mean() : -1;
    }

    private static String header(Report report, int height) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + height
            + "\" viewBox=\"0 0 " + WIDTH + " " + height + "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
            + text(MARGIN, 26, 18, "bold", "start", "wskit transport comparison (" + report.mode() + " mode)")
            + text(MARGIN, 46, 12, "normal", "start", report.machine().label() + "; "
                + WHEN.format(report.started()))
            + text(MARGIN, 62, 12, "normal", "start", "Bars are means of " + report.timing().runs() + " runs "
                + "(open-loop p99: over all runs together), whiskers their min–max.")
            + text(MARGIN, 78, 12, "normal", "start", "Round trips/s and MiB/s: higher is better. Open-loop p99 "
                + "latency: lower is better. Grey column: server CPU per message, lower is better.");
    }

    private static int panel(StringBuilder out, Panel panel, int x, int y) {
        int height = PANEL_HEAD + panel.bars().size() * ROW + 8;
        out.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(PANEL_WIDTH)
            .append("\" height=\"").append(height).append("\" fill=\"#f7f7f7\" stroke=\"#dddddd\"/>\n");
        out.append(text(x + 8, y + 18, 13, "bold", "start", panel.title()));
        out.append(grey(x + PANEL_WIDTH - 8, y + 18, "CPU/msg"));
        double max = panel.bars().stream().filter(bar -> bar.spread() != null)
            .mapToDouble(bar -> bar.spread().max()).max().orElse(1);
        double space = panel.bars().stream().anyMatch(Bar::behind) ? BAR_SPACE - BEHIND_WIDTH : BAR_SPACE;
        int rowY = y + PANEL_HEAD;
        for (Bar bar : panel.bars()) {
            bar(out, bar, x, rowY, space / (max <= 0 ? 1 : max), panel.micros());
            rowY += ROW;
        }
        return height;
    }

    private static void bar(StringBuilder out, Bar bar, int x, int y, double scale, boolean micros) {
        int barX = x + LABEL_WIDTH;
        out.append(text(barX - 6, y + 11, 11, "normal", "end", bar.target().name()));
        if (bar.spread() == null) {
            out.append(text(barX + 2, y + 11, 11, "italic", "start", "failed"));
            return;
        }
        Spread spread = bar.spread();
        out.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"%s\" fill-opacity=\"%.2f\"/>\n",
            barX, y + 1, spread.mean() * scale, color(bar.target()), opacity(bar.target())));
        double low = barX + spread.min() * scale;
        double high = barX + spread.max() * scale;
        out.append(String.format(Locale.ROOT,
            "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"#333333\" fill=\"none\"/>\n",
            low, y + 7, high, low, y + 3, y + 11, high, y + 3, y + 11));
        int valueX = (int) Math.ceil(high) + 5;
        String value = (micros ? Format.latency(spread.mean()) : Format.grouped(spread.mean()))
            + (bar.behind() ? " (behind)" : "");
        out.append(text(valueX, y + 11, 11, "normal", "start", value));
        if (bar.cpuNanos() >= 0) {
            out.append(grey(x + PANEL_WIDTH - 8, y + 11, Format.micros(bar.cpuNanos()) + " µs"));
        }
    }

    /** Grey text ending at {@code x}: the CPU column, right-aligned at a panel's edge. */
    private static String grey(int x, int y, String content) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"10\" text-anchor=\"end\" fill=\"#777777\">"
            + escape(content) + "</text>\n";
    }

    /**
     * Picks a target's bar colour: grey for the raw echo, orange for Netty, pink for Jetty, brown for Vert.x,
     * one hue per wskit transport.
     *
     * @param target the target
     * @return the colour, as {@code #rrggbb}
     */
    static String color(Target target) {
        return switch (target.server()) {
            case RAW -> "#7f7f7f";
            case NETTY -> "#f28e2b";
            case JETTY -> "#ff9da7";
            case VERTX -> "#9c755f";
            case WSKIT -> WSKIT_COLORS[Math.max(0, Transports.names().indexOf(target.transport()))
                % WSKIT_COLORS.length];
        };
    }

    private static double opacity(Target target) {
        return target.deflate() ? 0.45 : target.tls() ? 0.7 : 1.0;
    }

    private static String text(int x, int y, int size, String style, String anchor, String content) {
        String weight = style.equals("bold") ? " font-weight=\"bold\"" : "";
        String slant = style.equals("italic") ? " font-style=\"italic\"" : "";
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\" text-anchor=\"" + anchor + "\""
            + weight + slant + " fill=\"#222222\">" + escape(content) + "</text>\n";
    }

    /**
     * Escapes text for XML.
     *
     * @param text the text
     * @return the escaped text
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
