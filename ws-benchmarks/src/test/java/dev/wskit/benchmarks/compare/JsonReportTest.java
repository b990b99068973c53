package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    /** A strict reader: trailing text is an error, and Jackson's defaults already refuse NaN and trailing commas. */
    private static final ObjectMapper STRICT = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Test
    void writesValidJsonWithTheRawFigures() throws Exception {
        JsonNode json = STRICT.readTree(JsonReport.format(Fixtures.report()));
        assertEquals("quick", json.get("mode").asText());
        assertEquals("2025-01-02T03:04:05Z", json.get("started").asText());
        assertEquals(95.0, json.get("seconds").asDouble());
        assertEquals("Test CPU <x86>", json.get("machine").get("cpu").asText());
        assertEquals(2.0, json.get("timing").get("jvmWarmupSeconds").asDouble());
        JsonNode measurements = json.get("measurements");
        assertEquals(9, measurements.size());
        JsonNode raw = measurements.get(0);
        assertEquals("raw-tcp", raw.get("target").asText());
        assertEquals("echo", raw.get("workload").asText());
        assertEquals("closed-loop", raw.get("pacing").asText());
        assertFalse(raw.has("ratePerSecond"), raw.toString());
        JsonNode firstRun = raw.get("runs").get(0);
        assertEquals(50_000, firstRun.get("messages").asLong());
        assertEquals(20_000, firstRun.get("p50Nanos").asLong());
        JsonNode rate = raw.get("summary").get("perSecond");
        assertEquals(List.of(55_000.0, 50_000.0, 60_000.0),
            List.of(rate.get("mean").asDouble(), rate.get("min").asDouble(), rate.get("max").asDouble()));
        assertEquals(10_000.0, raw.get("summary").get("serverCpuNanosPerMessage").get("mean").asDouble());
        assertEquals(900_000_000, firstRun.get("loadCpuNanos").asLong());
        assertEquals(0.9, raw.get("summary").get("loadCores").get("mean").asDouble(), 1e-9);
    }

    @Test
    void marksOpenLoopEchoesWithTheirRateAndLatencySpread() throws Exception {
        JsonNode open = STRICT.readTree(JsonReport.format(Fixtures.report())).get("measurements").get(7);
        assertEquals("netty", open.get("target").asText());
        assertEquals("open-loop", open.get("pacing").asText());
        assertEquals(10_000, open.get("ratePerSecond").asInt());
        assertEquals(64, open.get("connections").asInt());
        JsonNode p99 = open.get("summary").get("p99Nanos");
        assertEquals(List.of(100_000.0, 80_000.0, 120_000.0),
            List.of(p99.get("mean").asDouble(), p99.get("min").asDouble(), p99.get("max").asDouble()));
        assertEquals(List.of(80_000L, 120_000L), StreamSupport.stream(open.get("runs").spliterator(), false)
            .map(run -> run.get("p99Nanos").asLong()).toList());
    }

    @Test
    void summarizesLatencyOverAllRunsWhereTheRunsKeptTheirHistograms() throws Exception {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        for (int i = 1; i <= 100; i++) {
            first.record(i * 1_000L);
            second.record(i * 2_000L);
        }
        Measurement measurement = Measurement.ofRuns(Fixtures.NIO, Fixtures.MANY, List.of(
            new Run(100, 12_500, 1_000_000_000, 0, 50_000, 99_000, 100_000, first.encode()),
            new Run(100, 12_500, 1_000_000_000, 0, 100_000, 198_000, 200_000, second.encode())));
        Report report = new Report("custom", Fixtures.MACHINE, Fixtures.report().timing(),
            Fixtures.report().started(), Fixtures.report().took(), List.of(Fixtures.NIO), List.of(measurement));
        JsonNode all = STRICT.readTree(JsonReport.format(report)).get("measurements").get(0).get("summary")
            .get("allRuns");
        assertEquals(200, all.get("count").asLong());
        assertEquals(196_000, all.get("p99Nanos").asDouble(), 196);
        assertEquals(200_000, all.get("maxNanos").asDouble(), 200);
        assertFalse(STRICT.readTree(JsonReport.format(Fixtures.report())).get("measurements").get(0).get("summary")
            .has("allRuns"));
    }

    @Test
    void leavesTheLoadGeneratorsCpuOutWhereItWasNotMeasured() throws Exception {
        Measurement paced = Measurement.ofRuns(Fixtures.NETTY, Fixtures.OPEN, List.of(Fixtures.paced(100_000)));
        JsonNode json = STRICT.readTree(JsonReport.format(new Report("quick", Fixtures.MACHINE,
            new Timing(0, 1, Duration.ofSeconds(1), Duration.ZERO), Instant.EPOCH, Duration.ofSeconds(1),
            List.of(Fixtures.NETTY), List.of(paced)))).get("measurements").get(0);
        assertFalse(json.get("runs").get(0).has("loadCpuNanos"), json.toString());
        assertFalse(json.get("summary").has("loadCores"), json.toString());
    }

    @Test
    void idleAndStreamCellsHaveNoPacing() throws Exception {
        JsonNode idle = STRICT.readTree(JsonReport.format(Fixtures.report())).get("measurements").get(6);
        assertEquals("idle", idle.get("workload").asText());
        assertFalse(idle.has("pacing") || idle.has("ratePerSecond") || idle.has("runs"), idle.toString());
    }

    @Test
    void namesEachServersSettings() throws Exception {
        JsonNode servers = STRICT.readTree(JsonReport.format(Fixtures.report())).get("servers");
        assertEquals(List.of("raw-tcp", "netty", "wskit"), names(servers));
        assertTrue(servers.get("netty").asText().startsWith("Netty 4."), servers.toString());
    }

    @Test
    void writesIdleFiguresFailuresAndTheBar() throws Exception {
        JsonNode json = STRICT.readTree(JsonReport.format(Fixtures.report()));
        JsonNode measurements = json.get("measurements");
        assertEquals("java.io.IOException: refused | badly", measurements.get(5).get("failure").asText());
        JsonNode idle = measurements.get(6).get("idle");
        assertEquals(3500.0, idle.get("heapBytesPerConnection").asDouble());
        assertEquals(2000.0, idle.get("rssBytesPerConnection").asDouble());
        JsonNode bar = json.get("bar");
        JsonNode nioSingle = StreamSupport.stream(bar.spliterator(), false)
            .filter(check -> check.get("transport").asText().equals("nio")
                && check.get("what").asText().contains("× 1 "))
            .findFirst().orElseThrow();
        assertEquals(0.763636, nioSingle.get("value").asDouble(), 1e-6);
        assertEquals("meets the bar", nioSingle.get("verdict").asText());
        assertEquals("ratio", nioSingle.get("unit").asText());
        assertFalse(bar.isEmpty());
    }

    @Test
    void writesNonFiniteNumbersAsNull() {
        ObjectNode json = STRICT.createObjectNode();
        JsonReport.number(json, "nan", Double.NaN);
        JsonReport.number(json, "infinite", Double.POSITIVE_INFINITY);
        JsonReport.number(json, "finite", 1.5);
        assertTrue(json.get("nan").isNull() && json.get("infinite").isNull());
        assertEquals(1.5, json.get("finite").asDouble());
    }

    @Test
    void strictReaderRejectsInvalidJson() {
        assertThrows(JsonProcessingException.class, () -> STRICT.readTree("{\"a\": 1,}"));
        assertThrows(JsonProcessingException.class, () -> STRICT.readTree("[1 2]"));
        assertThrows(JsonProcessingException.class, () -> STRICT.readTree("{} {}"));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
