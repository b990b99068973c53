package dev.wskit.benchmarks.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The soak tool at test size: 1,200 cycles with permessage-deflate, 50 concurrent, on each transport, and a
 * small churn (200 held open echoing while 400 cycles come and go); the server runs in its own JVM as in a full
 * run. The full sizes run by hand (see the README's Soak section).
 */
class SoakSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"nio", "virtual", "blocking"})
    void cyclesStayWithinBounds(String transport) throws Exception {
        Settings settings = new Settings(transport, true, 1_200, 50, 300, 0, 128, Bounds.defaults());
        SoakRun.Result result = run(settings);
        assertEquals(List.of(300L, 600L, 900L, 1_200L), result.series().stream().map(Sample::cycle).toList());
        assertSampled(result, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "virtual"})
    void churnKeepsHeldConnectionsEchoing(String transport) throws Exception {
        Settings settings = new Settings(transport, true, 400, 50, 200, 200, 128, Bounds.defaults());
        SoakRun.Result result = run(settings);
        assertEquals(2, result.series().size());
        assertSampled(result, 200);
        assertTrue(result.heldRounds() >= 1, "held rounds: " + result.heldRounds());
    }

    private static SoakRun.Result run(Settings settings) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        SoakRun.Result result;
        try (PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            result = new SoakRun(settings, log).run();
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertTrue(printed.contains(SeriesTable.header()), printed);
        assertTrue(result.passed(), printed);
        return result;
    }

    private static void assertSampled(SoakRun.Result result, long open) {
        for (Sample sample : result.series()) {
            assertEquals(open, sample.open(), sample.toString());
            assertTrue(sample.heapBytes() > 0 && sample.nmtBytes() > sample.heapBytes() && sample.threads() > 0
                && sample.cyclesPerSecond() > 0, sample.toString());
        }
    }
}
