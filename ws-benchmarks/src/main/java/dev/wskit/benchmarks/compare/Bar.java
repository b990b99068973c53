package dev.wskit.benchmarks.compare;

import dev.wskit.transport.Transports;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The bar the issues set, checked per transport on this machine's figures: 125 B echo on one connection at
 * 0.7× the raw TCP echo or better; NIO at 1.0× Netty or better at 64 and 1,000 connections; virtual threads at
 * 0.7× NIO or better there; at most 10 KB of heap per idle connection. Against all peers (issue #15), for
 * 125 B echoes: NIO's server CPU per message at 64 connections at most 0.8× Netty's and at most the best other
 * peer's, its round trips/s at 64 and 1,000 connections at least 1.2× the best peer's, and its CPU per message
 * over TLS and with permessage-deflate at most 0.9× Netty's; beside the round trips, what the raw TCP echo makes
 * against the same peer, for reference: about what a server spending nothing on WebSocket would make (a single
 * run can land above or below it by its spread). Stateless.
 */
final class Bar {
    /** 10 KB, in bytes. */
    static final double MAX_IDLE_HEAP = 10_000;
    private static final List<Target.Server> PEERS = List.of(Target.Server.NETTY, Target.Server.JETTY,
        Target.Server.VERTX);

    private Bar() {
    }

    /**
     * One check against the bar.
     *
     * @param transport the wskit transport checked
     * @param what what is compared, such as {@code 125 B × 1 connection vs raw-tcp}
     * @param value the measured ratio (or bytes, for memory), NaN when not measured
     * @param bar the threshold
     * @param atMost whether the value must stay at or below the threshold (memory, CPU) rather than reach it
     * @param bytes whether the value is bytes (memory) rather than a ratio
     */
    record Check(String transport, String what, double value, double bar, boolean atMost, boolean bytes) {

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
            return bytes ? Format.kb(value) : Format.fixed(value, 2) + "×";
        }

        /**
         * Formats the threshold.
         *
         * @return such as {@code ≥ 0.70×} or {@code ≤ 10.0 KB}
         */
        String barText() {
            return (atMost ? "≤ " : "≥ ") + (bytes ? Format.kb(bar) : Format.fixed(bar, 2) + "×");
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
        checks.addAll(againstPeers(report));
        return checks;
    }

    private static List<Check> againstPeers(Report report) {
        Cell many = Cell.echo(Plan.SMALL, 64);
        List<Check> checks = new ArrayList<>();
        checks.add(cpu(report, many, wskit("nio"), List.of(Target.netty(false, false)), 0.8));
        checks.add(cpu(report, many, wskit("nio"), List.of(peer(Target.Server.JETTY), peer(Target.Server.VERTX)),
            1.0));
        for (int connections : new int[] {64, 1000}) {
            checks.add(rateVersusBestPeer(report, Cell.echo(Plan.SMALL, connections)));
        }
        checks.add(cpu(report, many, Target.wskit("nio", true, false), List.of(Target.netty(true, false)), 0.9));
        checks.add(cpu(report, many, Target.wskit("nio", false, true), List.of(Target.netty(false, true)), 0.9));
        return checks;
    }

    private static Target peer(Target.Server server) {
        return Target.peer(server, false, false);
    }

    /** Our CPU per message over the lowest among the references that were measured. */
    private static Check cpu(Report report, Cell cell, Target ours, List<Target> references, double bar) {
        Target best = references.stream().filter(target -> cpuNanos(report, target, cell) >= 0)
            .min(Comparator.comparingDouble(target -> cpuNanos(report, target, cell))).orElse(null);
        double value = best == null || cpuNanos(report, ours, cell) < 0 ? Double.NaN
            : cpuNanos(report, ours, cell) / cpuNanos(report, best, cell);
        String versus = references.size() == 1 ? references.getFirst().name()
            : "the best of " + names(references) + (best == null ? "" : " (" + best.name() + ")");
        return new Check(ours.transport(), "server CPU per message, " + cell.label() + ", " + ours.name() + " vs "
            + versus, value, bar, true, false);
    }

    /**
     * NIO's round trips/s over the highest of the peers that were measured. When the raw TCP echo ran the same
     * cell, its ratio to that peer is named too, for reference: about what a server spending nothing on WebSocket
     * would reach.
     */
    private static Check rateVersusBestPeer(Report report, Cell cell) {
        List<Target> peers = PEERS.stream().map(Bar::peer).toList();
        Target best = peers.stream().filter(target -> !Double.isNaN(rate(report, target, cell)))
            .max(Comparator.comparingDouble(target -> rate(report, target, cell))).orElse(null);
        double value = best == null ? Double.NaN : rate(report, wskit("nio"), cell) / rate(report, best, cell);
        String what = cell.label() + " vs the best of " + names(peers);
        if (best != null) {
            double ceiling = rate(report, Target.rawTcp(), cell) / rate(report, best, cell);
            what += " (" + best.name() + ")"
                + (Double.isNaN(ceiling) ? "" : "; raw-tcp makes " + Format.fixed(ceiling, 2) + "× it");
        }
        return new Check("nio", what, value, 1.2, false, false);
    }

    private static double cpuNanos(Report report, Target target, Cell cell) {
        return report.find(target, cell)
            .filter(m -> m.runs().stream().allMatch(run -> run.cpuNanosPerMessage() >= 0))
            .map(m -> Spread.of(m.runs(), Run::cpuNanosPerMessage).mean()).orElse(-1.0);
    }

    private static String names(List<Target> targets) {
        return String.join(", ", targets.stream().map(Target::name).toList());
    }

    private static Target wskit(String transport) {
        return Target.wskit(transport, false, false);
    }

    private static Check ratio(Report report, String transport, Cell cell, Target ours, Target reference,
                               double bar) {
        double value = rate(report, ours, cell) / rate(report, reference, cell);
        return new Check(transport, cell.label() + " vs " + reference.name(), value, bar, false, false);
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
            MAX_IDLE_HEAP, true, true);
    }
}
