package dev.wskit.benchmarks.compare;

import dev.wskit.transport.Transports;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bar the issue sets, checked per transport on this machine's figures: 125 B echo on one connection at
 * 0.7× the raw TCP echo or better; NIO at 1.0× Netty or better at 64 and 1,000 connections; virtual threads at
 * 0.7× NIO or better there; at most 10 KB of heap per idle connection. Stateless.
 */
final class Bar {
    /** 10 KB, in bytes. */
    static final double MAX_IDLE_HEAP = 10_000;

    private Bar() {
    }

    /**
     * One check against the bar.
     *
     * @param transport the wskit transport checked
     * @param what what is compared, such as {@code 125 B × 1 connection vs raw-tcp}
     * @param value the measured ratio (or bytes, for memory), NaN when not measured
     * @param bar the threshold
     * @param atMost whether the value must stay at or below the threshold (memory) rather than reach it
     */
    record Check(String transport, String what, double value, double bar, boolean atMost) {

        /**
         * Tells whether the check was measured.
         *
         * @return false when a figure it needs is missing
         */
        boolean measured() {
            return !Double.isNaN(value);
        }

        /**
         * Tells whether the bar is met.
         *
         * @return true when measured and on the right side of the threshold
         */
        boolean passes() {
            return measured() && (atMost ? value <= bar : value >= bar);
        }

        /**
         * Formats the measured value.
         *
         * @return such as {@code 0.85×} or {@code 3.4 KB}, a dash when not measured
         */
        String valueText() {
            if (!measured()) {
                return "–";
            }
            return atMost ? Format.kb(value) : Format.fixed(value, 2) + "×";
        }

        /**
         * Formats the threshold.
         *
         * @return such as {@code ≥ 0.70×} or {@code ≤ 10.0 KB}
         */
        String barText() {
            return atMost ? "≤ " + Format.kb(bar) : "≥ " + Format.fixed(bar, 2) + "×";
        }

        /**
         * Describes the outcome.
         *
         * @return {@code meets the bar}, {@code below the bar}, {@code above the bar} or {@code not measured}
         */
        String verdict() {
            if (!measured()) {
                return "not measured";
            }
            return passes() ? "meets the bar" : atMost ? "above the bar" : "below the bar";
        }
    }

    /**
     * Checks a report against the bar.
     *
     * @param report the figures
     * @return the checks, grouped by rule
     */
    static List<Check> evaluate(Report report) {
        List<Check> checks = new ArrayList<>();
        Cell single = Cell.echo(Plan.SMALL, 1);
        for (String transport : Transports.names()) {
            checks.add(ratio(report, transport, single, wskit(transport), Target.rawTcp(), 0.7));
        }
        for (int connections : new int[] {64, 1000}) {
            Cell cell = Cell.echo(Plan.SMALL, connections);
            checks.add(ratio(report, "nio", cell, wskit("nio"), Target.netty(false, false), 1.0));
        }
        for (int connections : new int[] {64, 1000}) {
            Cell cell = Cell.echo(Plan.SMALL, connections);
            checks.add(ratio(report, "virtual", cell, wskit("virtual"), wskit("nio"), 0.7));
        }
        for (String transport : Transports.names()) {
            checks.add(idleHeap(report, transport));
        }
        return checks;
    }

    private static Target wskit(String transport) {
        return Target.wskit(transport, false, false);
    }

    private static Check ratio(Report report, String transport, Cell cell, Target ours, Target reference,
                               double bar) {
        double value = rate(report, ours, cell) / rate(report, reference, cell);
        return new Check(transport, cell.label() + " vs " + reference.name(), value, bar, false);
    }

    private static double rate(Report report, Target target, Cell cell) {
        return report.find(target, cell).map(m -> m.rate().mean()).orElse(Double.NaN);
    }

    private static Check idleHeap(Report report, String transport) {
        Optional<Measurement> idle = report.measurements().stream()
            .filter(m -> m.target().equals(wskit(transport)) && m.succeeded() && m.idle() != null)
            .findFirst();
        String what = idle.map(m -> "heap per idle connection (" + m.cell().label() + ")")
            .orElse("heap per idle connection");
        return new Check(transport, what, idle.map(m -> m.idle().heapPerConnection()).orElse(Double.NaN),
            MAX_IDLE_HEAP, true);
    }
}
