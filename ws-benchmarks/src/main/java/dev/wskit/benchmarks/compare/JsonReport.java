package dev.wskit.benchmarks.compare;

import java.util.Locale;

/**
 * Writes {@code results.json}: the machine, the timing, every measured run's raw figures with their summary,
 * the idle figures, the failures and the checks against the bar. Stateless.
 */
final class JsonReport {
    private JsonReport() {
    }

    /**
     * Formats a report.
     *
     * @param report the figures
     * @return the JSON text
     */
    static String format(Report report) {
        JsonText json = new JsonText().beginObject()
            .member("mode", report.mode())
            .member("started", report.started().toString())
            .member("seconds", report.took().toMillis() / 1000.0);
        machine(json.name("machine"), report.machine());
        json.name("servers").beginObject();
        Peers.of(report.targets()).forEach(json::member);
        json.endObject();
        json.name("timing").beginObject()
            .member("warmups", report.timing().warmups())
            .member("runs", report.timing().runs())
            .member("runSeconds", report.timing().run().toMillis() / 1000.0)
            .endObject();
        json.name("measurements").beginArray();
        report.measurements().forEach(measurement -> measurement(json, measurement));
        json.endArray();
        json.name("bar").beginArray();
        Bar.evaluate(report).forEach(check -> check(json, check));
        json.endArray();
        return json.endObject().toString();
    }

    private static void machine(JsonText json, Machine machine) {
        json.beginObject()
            .member("cores", machine.cores())
            .member("memoryBytes", machine.memoryBytes())
            .member("cpu", machine.cpu())
            .member("jdk", machine.jdk())
            .member("os", machine.os())
            .endObject();
    }

    private static void measurement(JsonText json, Measurement measurement) {
        Cell cell = measurement.cell();
        json.beginObject()
            .member("target", measurement.target().name())
            .member("workload", cell.workload().name().toLowerCase(Locale.ROOT))
            .member("size", cell.size())
            .member("connections", cell.connections());
        if (!measurement.failure().isEmpty()) {
            json.member("failure", measurement.failure());
        }
        if (!measurement.runs().isEmpty()) {
            runs(json, measurement);
        }
        if (measurement.idle() != null) {
            idle(json, measurement.idle());
        }
        json.endObject();
    }

    private static void runs(JsonText json, Measurement measurement) {
        json.name("runs").beginArray();
        for (Run run : measurement.runs()) {
            json.beginObject()
                .member("messages", run.messages())
                .member("bytes", run.bytes())
                .member("nanos", run.nanos())
                .member("serverCpuNanos", run.serverCpuNanos())
                .member("p50Nanos", run.p50())
                .member("p99Nanos", run.p99())
                .member("p999Nanos", run.p999())
                .endObject();
        }
        json.endArray();
        json.name("summary").beginObject();
        spread(json, "perSecond", Spread.of(measurement.runs(), Run::perSecond));
        spread(json, "bytesPerSecond", Spread.of(measurement.runs(), Run::bytesPerSecond));
        spread(json, "serverCpuNanosPerMessage", Spread.of(measurement.runs(), Run::cpuNanosPerMessage));
        spread(json, "p50Nanos", Spread.of(measurement.runs(), Run::p50));
        spread(json, "p99Nanos", Spread.of(measurement.runs(), Run::p99));
        spread(json, "p999Nanos", Spread.of(measurement.runs(), Run::p999));
        json.endObject();
    }

    private static void spread(JsonText json, String name, Spread spread) {
        json.name(name).beginObject()
            .member("mean", spread.mean())
            .member("min", spread.min())
            .member("max", spread.max())
            .endObject();
    }

    private static void idle(JsonText json, Idle idle) {
        json.name("idle").beginObject()
            .member("opened", idle.opened())
            .member("held", idle.held())
            .member("baselineHeapBytes", idle.baselineHeap())
            .member("baselineRssBytes", idle.baselineRss())
            .member("heapBytes", idle.heap())
            .member("rssBytes", idle.rss())
            .member("heapBytesPerConnection", idle.heapPerConnection())
            .member("rssBytesPerConnection", idle.rssPerConnection())
            .member("note", idle.note())
            .endObject();
    }

    private static void check(JsonText json, Bar.Check check) {
        json.beginObject()
            .member("transport", check.transport())
            .member("what", check.what())
            .member("value", check.value())
            .member("bar", check.bar())
            .name("atMost").value(check.atMost())
            .member("verdict", check.verdict())
            .endObject();
    }
}
