package dev.wskit.benchmarks.compare;

import java.util.HashMap;
import java.util.Map;

/**
 * The raw figures of one measured run of an echo or stream cell, as the load generator reports them on a
 * line ({@code messages=… bytes=… nanos=… cpu=… p50=… p99=… p999=…}, and for an echo {@code latencies=…}, the
 * run's whole histogram, so that percentiles can be taken over all runs together, and {@code load-cpu=…}, the
 * load generator's own CPU time). Immutable.
 *
 * @param messages round trips completed (echo) or messages sent (stream)
 * @param bytes payload bytes in those messages, one way
 * @param nanos how long the run took
 * @param serverCpuNanos CPU time the server process used meanwhile, -1 when unknown
 * @param p50 the median round-trip time in nanoseconds (0 for streams)
 * @param p99 the 99th percentile
 * @param p999 the 99.9th percentile
 * @param latencies the run's round-trip times as {@link Latencies#encode()} writes them, empty when not kept
 * @param loadCpuNanos CPU time the load generator's process used meanwhile, -1 when unknown
 */
record Run(long messages, long bytes, long nanos, long serverCpuNanos, long p50, long p99, long p999,
           String latencies, long loadCpuNanos) {

    /**
     * Makes a run without the load generator's CPU time.
     *
     * @param messages round trips completed (echo) or messages sent (stream)
     * @param bytes payload bytes in those messages, one way
     * @param nanos how long the run took
     * @param serverCpuNanos CPU time the server process used meanwhile, -1 when unknown
     * @param p50 the median round-trip time in nanoseconds (0 for streams)
     * @param p99 the 99th percentile
     * @param p999 the 99.9th percentile
     * @param latencies the run's round-trip times as {@link Latencies#encode()} writes them, empty when not kept
     */
    Run(long messages, long bytes, long nanos, long serverCpuNanos, long p50, long p99, long p999,
        String latencies) {
        this(messages, bytes, nanos, serverCpuNanos, p50, p99, p999, latencies, -1);
    }

    /**
     * Makes a run without its histogram.
     *
     * @param messages round trips completed (echo) or messages sent (stream)
     * @param bytes payload bytes in those messages, one way
     * @param nanos how long the run took
     * @param serverCpuNanos CPU time the server process used meanwhile, -1 when unknown
     * @param p50 the median round-trip time in nanoseconds (0 for streams)
     * @param p99 the 99th percentile
     * @param p999 the 99.9th percentile
     */
    Run(long messages, long bytes, long nanos, long serverCpuNanos, long p50, long p99, long p999) {
        this(messages, bytes, nanos, serverCpuNanos, p50, p99, p999, "");
    }

    /**
     * Returns the rate.
     *
     * @return messages (round trips, for echo) per second
     */
    double perSecond() {
        return nanos == 0 ? 0 : messages * 1e9 / nanos;
    }

    /**
     * Returns the payload throughput.
     *
     * @return bytes per second
     */
    double bytesPerSecond() {
        return nanos == 0 ? 0 : bytes * 1e9 / nanos;
    }

    /**
     * Returns the server's CPU time per message.
     *
     * @return nanoseconds, or -1 when unknown
     */
    double cpuNanosPerMessage() {
        return serverCpuNanos < 0 || messages == 0 ? -1 : (double) serverCpuNanos / messages;
    }

    /**
     * Returns how busy the load generator was: its CPU time over the run's length.
     *
     * @return cores' worth of CPU (1.0 is one core all the time), or -1 when unknown
     */
    double loadCores() {
        return loadCpuNanos < 0 || nanos == 0 ? -1 : (double) loadCpuNanos / nanos;
    }

    /**
     * Formats the figures as {@link #parse} reads them.
     *
     * @return the line's text
     */
    String format() {
        return "messages=" + messages + " bytes=" + bytes + " nanos=" + nanos + " cpu=" + serverCpuNanos
            + " p50=" + p50 + " p99=" + p99 + " p999=" + p999
            + (loadCpuNanos < 0 ? "" : " load-cpu=" + loadCpuNanos)
            + (latencies.isEmpty() ? "" : " latencies=" + latencies);
    }

    /**
     * Parses what {@link #format} wrote ({@code load-cpu} may be missing).
     *
     * @param text the figures
     * @return the run
     * @throws IllegalArgumentException when a figure is missing or not a number
     */
    static Run parse(String text) {
        Map<String, Long> values = new HashMap<>();
        String latencies = "";
        for (String pair : text.trim().split(" +")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("Expected key=value but was " + pair);
            }
            if (pair.startsWith("latencies=")) {
                latencies = pair.substring(equals + 1);
            } else {
                values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
            }
        }
        return new Run(get(values, "messages"), get(values, "bytes"), get(values, "nanos"), get(values, "cpu"),
            get(values, "p50"), get(values, "p99"), get(values, "p999"), latencies,
            values.getOrDefault("load-cpu", -1L));
    }

    private static long get(Map<String, Long> values, String key) {
        Long value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing figure: " + key);
        }
        return value;
    }
}
