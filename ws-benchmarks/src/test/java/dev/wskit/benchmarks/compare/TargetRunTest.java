package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs a target the way {@link Compare} does: a server JVM and a load-generator JVM talking over their pipes. */
class TargetRunTest {

    @Test
    void measuresEchoAndIdleCellsInSeparateProcesses() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Cell> cells = List.of(Cell.idle(20), Cell.echo(125, 2), Cell.echo(16 * 1024, 1), Cell.paced(125, 2, 400));
        List<Measurement> measurements = new TargetRun(Target.parse("wskit-nio"), cells,
            new Timing(0, 2, Duration.ofMillis(300), Duration.ZERO), 1,
            new PrintStream(log, true, StandardCharsets.UTF_8)).run();
        String progress = log.toString(StandardCharsets.UTF_8);
        assertEquals(4, measurements.size(), progress);
        Measurement idle = measurements.getFirst();
        assertTrue(idle.succeeded(), progress);
        assertEquals(20, idle.idle().opened());
        assertEquals(20, idle.idle().held());
        assertTrue(idle.idle().heap() > 0 && idle.idle().baselineHeap() > 0, idle.toString());
        assertEquals(Cell.paced(125, 2, 400), measurements.getLast().cell());
        for (Measurement echo : measurements.subList(1, 4)) {
            assertTrue(echo.succeeded(), progress);
            assertEquals(2, echo.runs().size());
            assertTrue(echo.runs().stream().allMatch(run -> run.messages() > 0), echo.toString());
            assertTrue(echo.runs().stream().allMatch(run -> run.serverCpuNanos() >= 0), echo.toString());
        }
    }
}
