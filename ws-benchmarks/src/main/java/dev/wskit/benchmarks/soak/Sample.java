package dev.wskit.benchmarks.soak;

import dev.wskit.benchmarks.compare.Lines;
import java.util.Map;

/**
 * One reading of the server's process, taken when a number of cycles had completed. Immutable.
 *
 * @param cycle the cycles completed when it was taken
 * @param heapBytes heap in use after a full collection
 * @param rssBytes the resident set size, or -1 where /proc is missing
 * @param nmtBytes native memory committed as Native Memory Tracking totals it, or -1 when tracking is off
 * @param threads live platform threads
 * @param fds open file descriptors, or -1 where /proc is missing
 * @param open connections the server still had open
 * @param cyclesPerSecond cycles per second since the previous sample
 */
record Sample(long cycle, long heapBytes, long rssBytes, long nmtBytes, long threads, long fds, long open,
              double cyclesPerSecond) {

    /**
     * Reads the server's answer to {@code SAMPLE}.
     *
     * @param line such as {@code SAMPLE heap=1 rss=2 nmt=3 threads=4 fds=5 open=0}
     * @param cycle the cycles completed
     * @param cyclesPerSecond the rate since the previous sample
     * @return the sample
     * @throws IllegalArgumentException when a field is missing or not a number
     */
    static Sample parse(String line, long cycle, double cyclesPerSecond) {
        Map<String, String> fields = Lines.fields(line);
        return new Sample(cycle, field(fields, "heap"), field(fields, "rss"), field(fields, "nmt"),
            field(fields, "threads"), field(fields, "fds"), field(fields, "open"), cyclesPerSecond);
    }

    /**
     * Formats the fields the server answers {@code SAMPLE} with.
     *
     * @return such as {@code heap=1 rss=2 nmt=3 threads=4 fds=5 open=0}
     */
    String fields() {
        return "heap=" + heapBytes + " rss=" + rssBytes + " nmt=" + nmtBytes + " threads=" + threads + " fds=" + fds
            + " open=" + open;
    }

    private static long field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The server's sample has no " + name + "= field: " + fields);
        }
        return Long.parseLong(value);
    }
}
