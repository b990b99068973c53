package dev.wskit.benchmarks.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Writes {@code results.json} through Jackson's tree model: the machine, the servers' versions and settings,
 * the timing, every measured run's raw figures with their summary (an echo's pacing, an open loop's intended
 * rate over all connections, and latency percentiles over all runs together), the idle figures, the failures
 * and the checks against the bar. Numbers that are not finite are written as {@code null}. Thread-safe.
 */
final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    /**
     * Formats a report.
     *
     * @param report the figures
     * @return the JSON text, indented
     */
    static String format(Report report) {
        ObjectNode json = MAPPER.createObjectNode()
            .put("mode", report.mode())
            .put("started", report.started().toString())
            .put("seconds", report.took().toMillis() / 1000.0);
        machine(json.putObject("machine"), report.machine());
        Peers.of(report.targets()).forEach(json.putObject("servers")::put);
        json.putObject("timing")
            .put("warmups", report.timing().warmups())
            .put("runs", report.timing().runs())
            .put("runSeconds", report.timing().run().toMillis() / 1000.0)
            .put("jvmWarmupSeconds", report.timing().jvmWarmup().toMillis() / 1000.0);
        ArrayNode measurements = json.putArray("measurements");
        report.measurements().forEach(measurement -> measurement(measurements.addObject(), measurement));
        ArrayNode bar = json.putArray("bar");
        Bar.evaluate(report).forEach(check -> check(bar.addObject(), check));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson could not write a tree it built", e);
        }
    }

    private static void machine(ObjectNode json, Machine machine) {
        json.put("cores", machine.cores())
            .put("memoryBytes", machine.memoryBytes())
            .put("cpu", machine.cpu())
            .put("jdk", machine.jdk())
            .put("os", machine.os());
    }

    private static void measurement(ObjectNode json, Measurement measurement) {
        Cell cell = measurement.cell();
        json.put("target", measurement.target().name())
            .put("workload", cell.workload().name().toLowerCase(Locale.ROOT))
            .put("size", cell.size())
            .put("connections", cell.connections());
        if (cell.workload() == Workload.ECHO) {
            json.put("pacing", cell.isOpenLoop() ? "open-loop" : "closed-loop");
        }
        if (cell.isOpenLoop()) {
            json.put("ratePerSecond", cell.rate());
        }
        if (!measurement.failure().isEmpty()) {
            json.put("failure", measurement.failure());
        }
        if (!measurement.runs().isEmpty()) {
            runs(json, measurement);
        }
        if (measurement.idle() != null) {
            idle(json.putObject("idle"), measurement.idle());
        }
    }

    private static void runs(ObjectNode json, Measurement measurement) {
        ArrayNode runs = json.putArray("runs");
        for (Run run : measurement.runs()) {
            ObjectNode figures = runs.addObject();
            figures
                .put("messages", run.messages())
                .put("bytes", run.bytes())
                .put("nanos", run.nanos())
                .put("serverCpuNanos", run.serverCpuNanos())
                .put("p50Nanos", run.p50())
                .put("p99Nanos", run.p99())
                .put("p999Nanos", run.p999());
            if (run.loadCpuNanos() >= 0) {
                figures.put("loadCpuNanos", run.loadCpuNanos());
            }
        }
        ObjectNode summary = json.putObject("summary");
        spread(summary.putObject("perSecond"), Spread.of(measurement.runs(), Run::perSecond));
        spread(summary.putObject("bytesPerSecond"), Spread.of(measurement.runs(), Run::bytesPerSecond));
        spread(summary.putObject("serverCpuNanosPerMessage"),
            Spread.of(measurement.runs(), Run::cpuNanosPerMessage));
        if (measurement.runs().stream().allMatch(run -> run.loadCpuNanos() >= 0)) {
            spread(summary.putObject("loadCores"), Spread.of(measurement.runs(), Run::loadCores));
        }
        spread(summary.putObject("p50Nanos"), Spread.of(measurement.runs(), Run::p50));
        spread(summary.putObject("p99Nanos"), Spread.of(measurement.runs(), Run::p99));
        spread(summary.putObject("p999Nanos"), Spread.of(measurement.runs(), Run::p999));
        measurement.latencies().ifPresent(all -> summary.putObject("allRuns")
            .put("count", all.count())
            .put("p50Nanos", all.percentile(50))
            .put("p99Nanos", all.percentile(99))
            .put("p999Nanos", all.percentile(99.9))
            .put("maxNanos", all.max()));
    }

    private static void spread(ObjectNode json, Spread spread) {
        number(json, "mean", spread.mean());
        number(json, "min", spread.min());
        number(json, "max", spread.max());
    }

    private static void idle(ObjectNode json, Idle idle) {
        json.put("opened", idle.opened())
            .put("held", idle.held())
            .put("baselineHeapBytes", idle.baselineHeap())
            .put("baselineRssBytes", idle.baselineRss())
            .put("heapBytes", idle.heap())
            .put("rssBytes", idle.rss());
        number(json, "heapBytesPerConnection", idle.heapPerConnection());
        number(json, "rssBytesPerConnection", idle.rssPerConnection());
        json.put("note", idle.note());
    }

    private static void check(ObjectNode json, Bar.Check check) {
        json.put("transport", check.transport()).put("what", check.what());
        number(json, "value", check.value());
        number(json, "bar", check.bar());
        json.put("atMost", check.atMost()).put("unit", check.bytes() ? "bytes" : "ratio")
            .put("verdict", check.verdict());
    }

    /**
     * Puts a number, or {@code null} where it is not finite (JSON has no NaN or infinity, RFC 8259 §6).
     *
     * @param json the object
     * @param name the member's name
     * @param value the number
     */
    static void number(ObjectNode json, String name, double value) {
        if (Double.isFinite(value)) {
            json.put(name, value);
        } else {
            json.putNull(name);
        }
    }
}
