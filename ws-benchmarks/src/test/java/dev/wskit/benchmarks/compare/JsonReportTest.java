package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void writesValidJsonWithTheRawFigures() {
        Map<?, ?> json = (Map<?, ?>) JsonChecker.parse(JsonReport.format(Fixtures.report()));
        assertEquals("quick", json.get("mode"));
        assertEquals("2025-01-02T03:04:05Z", json.get("started"));
        assertEquals(95.0, json.get("seconds"));
        assertEquals("Test CPU <x86>", ((Map<?, ?>) json.get("machine")).get("cpu"));
        List<?> measurements = (List<?>) json.get("measurements");
        assertEquals(7, measurements.size());
        Map<?, ?> raw = (Map<?, ?>) measurements.getFirst();
        assertEquals("raw-tcp", raw.get("target"));
        assertEquals("echo", raw.get("workload"));
        Map<?, ?> firstRun = (Map<?, ?>) ((List<?>) raw.get("runs")).getFirst();
        assertEquals(50_000.0, firstRun.get("messages"));
        assertEquals(20_000.0, firstRun.get("p50Nanos"));
        Map<?, ?> rate = (Map<?, ?>) ((Map<?, ?>) raw.get("summary")).get("perSecond");
        assertEquals(List.of(55_000.0, 50_000.0, 60_000.0),
            List.of(rate.get("mean"), rate.get("min"), rate.get("max")));
    }

    @Test
    void writesIdleFiguresFailuresAndTheBar() {
        Map<?, ?> json = (Map<?, ?>) JsonChecker.parse(JsonReport.format(Fixtures.report()));
        List<?> measurements = (List<?>) json.get("measurements");
        assertEquals("java.io.IOException: refused | badly", ((Map<?, ?>) measurements.get(5)).get("failure"));
        Map<?, ?> idle = (Map<?, ?>) ((Map<?, ?>) measurements.get(6)).get("idle");
        assertEquals(3500.0, idle.get("heapBytesPerConnection"));
        assertEquals(2000.0, idle.get("rssBytesPerConnection"));
        List<?> bar = (List<?>) json.get("bar");
        Map<?, ?> nioSingle = bar.stream().map(Map.class::cast)
            .filter(check -> check.get("transport").equals("nio") && check.get("what").toString().contains("× 1 "))
            .findFirst().orElseThrow();
        assertEquals(0.763636, nioSingle.get("value"));
        assertEquals("meets the bar", nioSingle.get("verdict"));
        assertFalse(bar.isEmpty());
    }

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        String text = new JsonText().beginObject().member("quote\"", "a\\b\n\u0001").member("nan", Double.NaN)
            .name("empty").beginArray().endArray().endObject().toString();
        Map<?, ?> json = (Map<?, ?>) JsonChecker.parse(text);
        assertEquals("a\\b\n\u0001", json.get("quote\""));
        assertEquals(null, json.get("nan"));
        assertEquals(List.of(), json.get("empty"));
    }

    @Test
    void checkerRejectsInvalidJson() {
        assertThrows(IllegalArgumentException.class, () -> JsonChecker.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> JsonChecker.parse("[1 2]"));
    }
}
