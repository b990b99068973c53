package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    private final String markdown = MarkdownReport.format(Fixtures.report());

    @Test
    void namesTheMachineAndMethod() {
        assertTrue(markdown.startsWith("# wskit transport comparison (quick mode)\n"), markdown);
        assertTrue(markdown.contains("Run 2025-01-02 03:04 UTC on 2 cores (Test CPU <x86>), 24.0 GiB, JDK Vendor 25, "
            + "Linux 6.1 amd64; took 1 min 35 s."), markdown);
        assertTrue(markdown.contains("1 warm-up and 2 measured runs of 1.0 s (a server's first warm-up 2.0 s longer)"),
            markdown);
        assertTrue(markdown.contains("![Round trips per second and open-loop latency](results.svg)"), markdown);
        assertTrue(markdown.contains("latency counts from each message's intended send time"), markdown);
    }

    @Test
    void tablesHaveOneColumnPerTargetAndConsistentRows() {
        assertTrue(markdown.contains("## Echo: 125 B × 1 connection\n\n| | raw-tcp | netty | wskit-nio |\n"
            + "|---|---:|---:|---:|\n| round trips/s | 55,000 | 30,000 | 42,000 |\n"
            + "| spread (min–max) | 50,000–60,000 | 30,000–30,000 | 40,000–44,000 |\n"
            + "| p50 latency (µs) | 20.0 | 20.0 | 20.0 |\n"), markdown);
        assertTrue(markdown.contains("| server CPU per message (µs) | 10.0 | 10.0 | 10.0 |\n"
            + "| load generator CPU (cores busy) | 0.90 | 0.90 | 0.90 |\n"), markdown);
        assertTrue(markdown.contains("| | netty | wskit-nio | wskit-virtual |"), markdown);
        assertTrue(markdown.contains("| round trips/s | 85,000 | 90,000 | failed |"), markdown);
        for (String table : markdown.split("\n\n")) {
            List<String> rows = table.lines().filter(line -> line.startsWith("|")).toList();
            if (!rows.isEmpty()) {
                long columns = rows.getFirst().chars().filter(c -> c == '|').count();
                rows.forEach(row -> assertEquals(columns, row.chars().filter(c -> c == '|').count(), row));
            }
        }
    }

    @Test
    void tablesOpenLoopCellsByLatency() {
        assertTrue(markdown.contains("## Echo, open loop: 125 B × 64 connections at 10,000/s\n\n"
            + "| | netty | wskit-nio |\n|---|---:|---:|\n| p50 latency (µs) | 20.0 | 20.0 |\n"
            + "| p99 latency (µs) | 100 | 60.0 |\n| p99 of each run (min–max, µs) | 80.0–120 | 60.0–60.0 |\n"
            + "| p99.9 latency (µs) | 1,000 | 1,000 |\n| round trips/s achieved | 10,000 | 10,000 |\n"
            + "| server CPU per message (µs) | 10.0 | 10.0 |\n"), markdown);
    }

    @Test
    void showsTheBarIdleFiguresAndFailures() {
        assertTrue(markdown.contains(
            "| nio | 125 B × 1 connection vs raw-tcp | 0.76× | ≥ 0.70× | meets the bar |"), markdown);
        assertTrue(markdown.contains(
            "| nio | 125 B × 64 connections vs netty | 1.06× | ≥ 1.00× | meets the bar |"), markdown);
        assertTrue(markdown.contains(
            "| virtual | 125 B × 64 connections vs wskit-nio | – | ≥ 0.70× | not measured |"), markdown);
        assertTrue(!markdown.contains("| note |"), markdown);
        assertTrue(markdown.contains("| nio | heap per idle connection (2,000 connections idle) | 3.5 KB | ≤ 10.0 KB "
            + "| meets the bar |"), markdown);
        assertTrue(markdown.contains("| connections held | 1,999 of 2,000 |"), markdown);
        assertTrue(markdown.contains("| native memory per connection (RSS growth) | 2.0 KB |"), markdown);
        assertTrue(markdown.contains("## Failures\n\n- wskit-virtual, 125 B × 64 connections: "
            + "java.io.IOException: refused / badly\n"), markdown);
    }
}
