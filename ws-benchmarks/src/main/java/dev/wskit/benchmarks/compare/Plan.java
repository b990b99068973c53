package dev.wskit.benchmarks.compare;

import dev.wskit.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which cells run on which target, and for how long. {@link #quick()} is a first look in about four
 * minutes on two cores; {@link #goals()} the cells issue #15's goals are judged on, with the full timing;
 * {@link #full()} is the whole matrix. Immutable.
 *
 * @param mode the plan's name
 * @param timing warm-ups, runs and their length
 * @param cells the cells of each target, targets in report order
 */
record Plan(String mode, Timing timing, Map<Target, List<Cell>> cells) {
    static final int SMALL = 125;
    static final int LARGE = 16 * 1024;
    /**
     * The open-loop cells' rate, in messages per second over all connections: well under what every target
     * echoes in the closed loop on two cores, so it measures latency at a steady load rather than a queue.
     */
    static final int OPEN_RATE = 10_000;

    /**
     * Copies the map, keeping its order.
     */
    Plan {
        Map<Target, List<Cell>> copy = new LinkedHashMap<>();
        cells.forEach((target, list) -> copy.put(target, List.copyOf(list)));
        cells = Collections.unmodifiableMap(copy);
    }

    /**
     * The quick plan: 2,000 idle connections on Netty and every wskit transport; 125 B closed-loop echo at 1 and
     * 64 connections on every plain target (Jetty and Vert.x at 64 only); at 64 also TLS and deflate on Netty,
     * Jetty, Vert.x and wskit's event-loop transport; 1,000 connections on the raw echo, Netty, NIO and virtual
     * threads; 16 KiB at 64 on Netty and NIO; the one-way 16 KiB stream on the raw echo, Netty and NIO; the 125 B
     * open-loop echo at 64 connections and {@link #OPEN_RATE} messages/s on Netty, Jetty, Vert.x and NIO. One
     * 1 s warm-up (2 s for a server's first cell) and two 1 s runs per cell.
     *
     * @return the plan
     */
    static Plan quick() {
        String loop = eventLoop();
        Cell open = Cell.paced(SMALL, 64, OPEN_RATE);
        Map<Target, List<Cell>> cells = new LinkedHashMap<>();
        cells.put(Target.rawTcp(), List.of(Cell.echo(SMALL, 1), Cell.echo(SMALL, 64), Cell.echo(SMALL, 1000),
            Cell.stream(LARGE)));
        cells.put(Target.netty(false, false), List.of(Cell.idle(2000), Cell.echo(SMALL, 1), Cell.echo(SMALL, 64),
            Cell.echo(SMALL, 1000), Cell.echo(LARGE, 64), Cell.stream(LARGE), open));
        for (String transport : Transports.names()) {
            List<Cell> list = new ArrayList<>(List.of(Cell.idle(2000), Cell.echo(SMALL, 1), Cell.echo(SMALL, 64)));
            if (transport.equals(loop) || transport.equals("virtual")) {
                list.add(Cell.echo(SMALL, 1000));
            }
            if (transport.equals(loop)) {
                list.addAll(List.of(Cell.echo(LARGE, 64), Cell.stream(LARGE), open));
            }
            cells.put(Target.wskit(transport, false, false), list);
        }
        for (Target.Server peer : List.of(Target.Server.JETTY, Target.Server.VERTX)) {
            cells.put(Target.peer(peer, false, false), List.of(Cell.echo(SMALL, 64), open));
        }
        for (boolean[] variant : new boolean[][] {{true, false}, {false, true}}) {
            for (Target.Server peer : List.of(Target.Server.NETTY, Target.Server.JETTY, Target.Server.VERTX)) {
                cells.put(Target.peer(peer, variant[0], variant[1]), List.of(Cell.echo(SMALL, 64)));
            }
            cells.put(Target.wskit(loop, variant[0], variant[1]), List.of(Cell.echo(SMALL, 64)));
        }
        return new Plan("quick", new Timing(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(1)), cells);
    }

    /**
     * The goals plan: the cells issue #15's goals are judged on, side by side in one run, with the full plan's
     * timing. The 125 B closed-loop echo at 64 and 1,000 connections on the raw TCP echo (what a server that
     * spent nothing on WebSocket would make here), Netty, Jetty, Vert.x and wskit's event-loop transport; at 64
     * also Netty and the event-loop transport over TLS and with permessage-deflate.
     *
     * @return the plan
     */
    static Plan goals() {
        String loop = eventLoop();
        List<Cell> both = List.of(Cell.echo(SMALL, 64), Cell.echo(SMALL, 1000));
        Map<Target, List<Cell>> cells = new LinkedHashMap<>();
        cells.put(Target.rawTcp(), both);
        for (Target.Server peer : List.of(Target.Server.NETTY, Target.Server.JETTY, Target.Server.VERTX)) {
            cells.put(Target.peer(peer, false, false), both);
        }
        cells.put(Target.wskit(loop, false, false), both);
        for (boolean[] variant : new boolean[][] {{true, false}, {false, true}}) {
            cells.put(Target.netty(variant[0], variant[1]), List.of(Cell.echo(SMALL, 64)));
            cells.put(Target.wskit(loop, variant[0], variant[1]), List.of(Cell.echo(SMALL, 64)));
        }
        return new Plan("goals", full().timing(), cells);
    }

    /**
     * The full plan: 10,000 idle connections on every plain target; every target ({@link Target#all()}) at
     * 125 B and 16 KiB, 1, 64 and 1,000 connections in the closed loop, the 125 B open-loop echo at 64
     * connections and {@link #OPEN_RATE} messages/s, and the one-way 16 KiB stream. Two 10 s warm-ups (the
     * first 20 s) and five 10 s runs per cell.
     *
     * @return the plan
     */
    static Plan full() {
        Map<Target, List<Cell>> cells = new LinkedHashMap<>();
        for (Target target : Target.all()) {
            List<Cell> list = new ArrayList<>();
            if (!target.tls() && !target.deflate()) {
                list.add(Cell.idle(10_000));
            }
            for (int size : new int[] {SMALL, LARGE}) {
                for (int connections : new int[] {1, 64, 1000}) {
                    list.add(Cell.echo(size, connections));
                }
            }
            list.add(Cell.paced(SMALL, 64, OPEN_RATE));
            list.add(Cell.stream(LARGE));
            cells.put(target, list);
        }
        return new Plan("full", new Timing(2, 5, Duration.ofSeconds(10), Duration.ofSeconds(10)), cells);
    }

    private static String eventLoop() {
        return Transports.names().contains("nio") ? "nio" : Transports.names().getLast();
    }

    /**
     * Keeps only some targets.
     *
     * @param names the targets' names
     * @return the narrowed plan
     * @throws IllegalArgumentException when a name is not in the plan
     */
    Plan only(Set<String> names) {
        Map<Target, List<Cell>> kept = new LinkedHashMap<>();
        for (String name : names) {
            Target target = Target.parse(name);
            if (!cells.containsKey(target)) {
                throw new IllegalArgumentException("Target " + name + " is not in the " + mode + " plan");
            }
        }
        cells.forEach((target, list) -> {
            if (names.contains(target.name())) {
                kept.put(target, list);
            }
        });
        return new Plan(mode, timing, kept);
    }

    /**
     * Replaces the timing.
     *
     * @param replacement the new timing
     * @return the plan with it
     */
    Plan with(Timing replacement) {
        return new Plan(mode, replacement, cells);
    }

    /**
     * Sets the open-loop cells' rate.
     *
     * @param rate messages per second over all connections; 0 leaves the open-loop cells out
     * @return the plan with it
     * @throws IllegalArgumentException when the rate is negative
     */
    Plan withOpenRate(int rate) {
        if (rate < 0) {
            throw new IllegalArgumentException("Negative rate: " + rate);
        }
        Map<Target, List<Cell>> changed = new LinkedHashMap<>();
        cells.forEach((target, list) -> changed.put(target, list.stream()
            .filter(cell -> rate > 0 || !cell.isOpenLoop())
            .map(cell -> cell.isOpenLoop() ? cell.withRate(rate) : cell)
            .toList()));
        return new Plan(mode, timing, changed);
    }

    /**
     * Lists the targets.
     *
     * @return the targets, in report order
     */
    List<Target> targets() {
        return List.copyOf(cells.keySet());
    }
}
