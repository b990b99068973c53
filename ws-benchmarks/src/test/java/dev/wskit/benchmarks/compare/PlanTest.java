package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.Transports;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void quickPlanCoversWhatTheBarNeeds() {
        Plan quick = Plan.quick();
        for (String transport : Transports.names()) {
            List<Cell> cells = quick.cells().get(Target.wskit(transport, false, false));
            assertTrue(cells.contains(Cell.echo(125, 1)) && cells.contains(Cell.idle(2000)), transport);
        }
        assertTrue(quick.cells().get(Target.rawTcp()).contains(Cell.echo(125, 1)));
        for (Target target : List.of(Target.netty(false, false), Target.wskit("nio", false, false),
            Target.wskit("virtual", false, false))) {
            assertTrue(quick.cells().get(target).containsAll(List.of(Cell.echo(125, 64), Cell.echo(125, 1000))));
        }
    }

    @Test
    void quickPlanRunsEveryPeerPlainOverTlsAndWithDeflateAndTheOpenLoop() {
        Plan quick = Plan.quick();
        for (Target.Server peer : List.of(Target.Server.NETTY, Target.Server.JETTY, Target.Server.VERTX)) {
            for (boolean[] variant : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
                Target target = Target.peer(peer, variant[0], variant[1]);
                assertTrue(quick.cells().get(target).contains(Cell.echo(125, 64)), target.name());
            }
            assertTrue(quick.cells().get(Target.peer(peer, false, false))
                .contains(Cell.paced(125, 64, Plan.OPEN_RATE)));
        }
        assertTrue(quick.cells().get(Target.wskit("nio", false, false)).contains(Cell.paced(125, 64, Plan.OPEN_RATE)));
        assertTrue(quick.cells().containsKey(Target.wskit("nio", true, false)));
        assertTrue(quick.cells().containsKey(Target.wskit("nio", false, true)));
    }

    @Test
    void theRateOptionReratesOrDropsTheOpenLoopCells() {
        Plan rerated = Plan.quick().withOpenRate(2_000);
        List<Cell> netty = rerated.cells().get(Target.netty(false, false));
        assertTrue(netty.contains(Cell.paced(125, 64, 2_000)) && netty.contains(Cell.echo(125, 64)), netty.toString());
        Plan closed = Plan.full().withOpenRate(0);
        assertTrue(closed.cells().values().stream().flatMap(List::stream).noneMatch(Cell::isOpenLoop));
        assertEquals(Plan.full().cells().get(Target.rawTcp()).size() - 1, closed.cells().get(Target.rawTcp()).size());
        assertThrows(IllegalArgumentException.class, () -> Plan.quick().withOpenRate(-1));
    }

    @Test
    void quickPlanMeasuresForAtMostTwoAndAHalfMinutes() {
        Plan quick = Plan.quick();
        long seconds = 0;
        for (List<Cell> cells : quick.cells().values()) {
            seconds += quick.timing().jvmWarmup().toSeconds();
            seconds += cells.stream().filter(cell -> cell.workload() != Workload.IDLE).count()
                * quick.timing().phases() * quick.timing().run().toSeconds();
        }
        assertTrue(seconds <= 150, "measuring alone takes " + seconds + " s");
    }

    @Test
    void goalsPlanRunsTheGoalCellsSideBySideWithTheFullTiming() {
        Plan goals = Plan.goals();
        assertEquals(Plan.full().timing(), goals.timing());
        List<Cell> both = List.of(Cell.echo(125, 64), Cell.echo(125, 1000));
        for (Target target : List.of(Target.rawTcp(), Target.netty(false, false),
            Target.peer(Target.Server.JETTY, false, false), Target.peer(Target.Server.VERTX, false, false),
            Target.wskit("nio", false, false))) {
            assertEquals(both, goals.cells().get(target), target.name());
        }
        for (Target target : List.of(Target.netty(true, false), Target.netty(false, true),
            Target.wskit("nio", true, false), Target.wskit("nio", false, true))) {
            assertEquals(List.of(Cell.echo(125, 64)), goals.cells().get(target), target.name());
        }
        assertEquals(9, goals.targets().size());
    }

    @Test
    void fullPlanRunsEveryTargetOnTheWholeMatrix() {
        Plan full = Plan.full();
        assertEquals(Target.all(), full.targets());
        assertEquals(new Timing(2, 5, Duration.ofSeconds(10), Duration.ofSeconds(10)), full.timing());
        assertTrue(full.cells().get(Target.netty(false, false)).containsAll(List.of(Cell.echo(16 * 1024, 1000),
            Cell.stream(16 * 1024), Cell.idle(10_000))));
        for (Target target : Target.all()) {
            assertTrue(full.cells().get(target).contains(Cell.paced(125, 64, Plan.OPEN_RATE)), target.name());
        }
    }

    @Test
    void narrowsToNamedTargetsInReportOrder() {
        Plan plan = Plan.quick().only(Set.of("wskit-nio", "raw-tcp"));
        assertEquals(List.of(Target.rawTcp(), Target.wskit("nio", false, false)), plan.targets());
        assertThrows(IllegalArgumentException.class, () -> Plan.quick().only(Set.of("wskit-blocking-deflate")));
    }
}
