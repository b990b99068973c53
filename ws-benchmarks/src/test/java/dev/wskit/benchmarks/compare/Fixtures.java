package dev.wskit.benchmarks.compare;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A small, fixed comparison result for the writers' tests. */
final class Fixtures {
    static final Machine MACHINE = new Machine(2, 24L << 30, "Test CPU <x86>", "Vendor 25", "Linux 6.1 amd64");
    static final Target RAW = Target.rawTcp();
    static final Target NETTY = Target.netty(false, false);
    static final Target NIO = Target.wskit("nio", false, false);
    static final Target VIRTUAL = Target.wskit("virtual", false, false);
    static final Cell SINGLE = Cell.echo(125, 1);
    static final Cell MANY = Cell.echo(125, 64);
    static final Cell IDLE = Cell.idle(2000);
    static final Cell OPEN = Cell.paced(125, 64, 10_000);

    private Fixtures() {
    }

    static Report report() {
        List<Measurement> measurements = List.of(
            Measurement.ofRuns(RAW, SINGLE, List.of(run(50_000), run(60_000))),
            Measurement.ofRuns(NETTY, SINGLE, List.of(run(30_000), run(30_000))),
            Measurement.ofRuns(NIO, SINGLE, List.of(run(40_000), run(44_000))),
            Measurement.ofRuns(NETTY, MANY, List.of(run(80_000), run(90_000))),
            Measurement.ofRuns(NIO, MANY, List.of(run(85_000), run(95_000))),
            Measurement.failed(VIRTUAL, MANY, "java.io.IOException: refused | badly"),
            Measurement.ofIdle(NIO, IDLE, new Idle(2000, 1999, 10_000_000, 100_000_000, 17_000_000, 104_000_000,
                "")),
            Measurement.ofRuns(NETTY, OPEN, List.of(paced(80_000), paced(120_000))),
            Measurement.ofRuns(NIO, OPEN, List.of(paced(60_000), paced(60_000))));
        return new Report("quick", MACHINE, new Timing(1, 2, Duration.ofSeconds(1), Duration.ofSeconds(2)),
            Instant.parse("2025-01-02T03:04:05Z"), Duration.ofSeconds(95), List.of(RAW, NETTY, NIO, VIRTUAL),
            measurements);
    }

    /** A one-second open-loop run: 10,000 round trips, the given p99, 20 µs p50, 1 ms p99.9, 10 µs of CPU each. */
    static Run paced(long p99) {
        return new Run(10_000, 10_000 * 125, 1_000_000_000, 10_000 * 10_000L, 20_000, p99, 1_000_000);
    }

    /**
     * A one-second run with the given round trips, 20 µs p50, 50 µs p99, 1 ms p99.9, 10 µs of server CPU each,
     * and the load generator 0.9 of a core busy.
     */
    static Run run(long messages) {
        return new Run(messages, messages * 125, 1_000_000_000, messages * 10_000, 20_000, 50_000, 1_000_000, "",
            900_000_000);
    }
}
