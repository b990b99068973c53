package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarTest {
    private static final Cell MANY = Cell.echo(125, 64);
    private static final Target JETTY = Target.peer(Target.Server.JETTY, false, false);
    private static final Target VERTX = Target.peer(Target.Server.VERTX, false, false);
    private static final Target NIO_TLS = Target.wskit("nio", true, false);
    private static final Target NETTY_TLS = Target.netty(true, false);

    @Test
    void cpuPerMessageIsComparedWithNettyAndTheLeanestOtherPeer() {
        List<Bar.Check> checks = Bar.evaluate(report(List.of(
            Measurement.ofRuns(Fixtures.NETTY, MANY, List.of(run(100_000, 10_000))),
            Measurement.ofRuns(JETTY, MANY, List.of(run(50_000, 12_000))),
            Measurement.ofRuns(VERTX, MANY, List.of(run(90_000, 8_000))),
            Measurement.ofRuns(Fixtures.NIO, MANY, List.of(run(120_000, 7_000))))));
        Bar.Check netty = find(checks, "server CPU per message, 125 B × 64 connections, wskit-nio vs netty");
        assertEquals(0.7, netty.value(), 1e-9);
        assertTrue(netty.passes() && netty.atMost());
        assertEquals("≤ 0.80×", netty.barText());
        Bar.Check others = find(checks, "server CPU per message, 125 B × 64 connections, wskit-nio vs the best of "
            + "jetty, vertx (vertx)");
        assertEquals(7_000.0 / 8_000, others.value(), 1e-9);
        assertEquals("0.88×", others.valueText());
        assertTrue(others.passes());
    }

    @Test
    void roundTripsAreComparedWithTheFastestPeer() {
        List<Bar.Check> checks = Bar.evaluate(report(List.of(
            Measurement.ofRuns(Fixtures.NETTY, MANY, List.of(run(100_000, 10_000))),
            Measurement.ofRuns(VERTX, MANY, List.of(run(110_000, 8_000))),
            Measurement.ofRuns(Fixtures.NIO, MANY, List.of(run(121_000, 7_000))))));
        Bar.Check fastest = find(checks, "125 B × 64 connections vs the best of netty, jetty, vertx (vertx)");
        assertEquals(1.1, fastest.value(), 1e-9);
        assertEquals("below the bar", fastest.verdict());
        assertEquals("≥ 1.20×", fastest.barText());
    }

    @Test
    void roundTripsNameWhatTheRawEchoMakesAgainstTheSamePeer() {
        Cell thousand = Cell.echo(125, 1000);
        List<Bar.Check> checks = Bar.evaluate(report(List.of(
            Measurement.ofRuns(Fixtures.RAW, thousand, List.of(run(115_000, 6_000))),
            Measurement.ofRuns(Fixtures.NETTY, thousand, List.of(run(100_000, 10_000))),
            Measurement.ofRuns(Fixtures.NIO, thousand, List.of(run(112_000, 7_000))))));
        Bar.Check check = find(checks,
            "125 B × 1,000 connections vs the best of netty, jetty, vertx (netty); raw-tcp makes 1.15× it");
        assertEquals(1.12, check.value(), 1e-9);
        assertEquals("below the bar", check.verdict());
    }

    @Test
    void tlsCpuIsComparedWithNettysAndAMissingFigureIsNotMeasured() {
        List<Bar.Check> checks = Bar.evaluate(report(List.of(
            Measurement.ofRuns(NETTY_TLS, MANY, List.of(run(40_000, 40_000))),
            Measurement.ofRuns(NIO_TLS, MANY, List.of(run(40_000, 38_000))))));
        Bar.Check tls = find(checks, "server CPU per message, 125 B × 64 connections, wskit-nio-tls vs netty-tls");
        assertEquals(0.95, tls.value(), 1e-9);
        assertEquals("above the bar", tls.verdict());
        Bar.Check deflate = find(checks, "server CPU per message, 125 B × 64 connections, wskit-nio-deflate vs "
            + "netty-deflate");
        assertFalse(deflate.measured());
        assertEquals("not measured", deflate.verdict());
    }

    @Test
    void memoryChecksStayInBytes() {
        Bar.Check idle = Bar.evaluate(Fixtures.report()).stream()
            .filter(check -> check.transport().equals("nio") && check.bytes()).findFirst().orElseThrow();
        assertEquals("3.5 KB", idle.valueText());
        assertEquals("≤ 10.0 KB", idle.barText());
    }

    private static Bar.Check find(List<Bar.Check> checks, String what) {
        return checks.stream().filter(check -> check.what().equals(what)).findFirst()
            .orElseThrow(() -> new AssertionError("No check " + what + " in " + checks));
    }

    private static Report report(List<Measurement> measurements) {
        return new Report("custom", Fixtures.MACHINE, new Timing(0, 1, Duration.ofSeconds(1), Duration.ZERO),
            Instant.EPOCH, Duration.ofSeconds(1), measurements.stream().map(Measurement::target).distinct().toList(),
            measurements);
    }

    /** A one-second run with the given round trips and server CPU nanoseconds per message. */
    private static Run run(long messages, long cpuPerMessage) {
        return new Run(messages, messages * 125, 1_000_000_000, messages * cpuPerMessage, 20_000, 50_000, 90_000);
    }
}
