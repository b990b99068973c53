package dev.wskit.benchmarks.compare;

import java.util.Locale;

/** Number formatting shared by the reports, fixed to English conventions so outputs compare across machines. */
final class Format {
    private Format() {
    }

    /**
     * Formats a byte count the way the issue speaks of messages: {@code 125 B}, {@code 16 KiB}.
     *
     * @param bytes the count
     * @return the text
     */
    static String bytes(long bytes) {
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    /**
     * Formats a number of connections: {@code 1 connection}, {@code 1,000 connections}.
     *
     * @param connections the number
     * @return the text
     */
    static String connections(int connections) {
        return grouped(connections) + (connections == 1 ? " connection" : " connections");
    }

    /**
     * Formats a number with thousands separators and no decimals.
     *
     * @param value the number
     * @return such as {@code 12,345}
     */
    static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * Formats a number with a fixed number of decimals.
     *
     * @param value the number
     * @param decimals how many decimals
     * @return such as {@code 0.85}
     */
    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * Formats nanoseconds as microseconds with about three significant digits.
     *
     * @param nanos the duration
     * @return such as {@code 41.2} or {@code 12,345}
     */
    static String micros(double nanos) {
        double micros = nanos / 1000;
        return micros >= 100 ? grouped(micros) : fixed(micros, micros >= 10 ? 1 : 2);
    }

    /**
     * Formats a latency for a chart, in microseconds below a millisecond and in milliseconds above.
     *
     * @param nanos the latency
     * @return such as {@code 41.2 µs} or {@code 51.9 ms}
     */
    static String latency(double nanos) {
        double millis = nanos / 1_000_000;
        return millis < 1 ? micros(nanos) + " µs" : fixed(millis, millis >= 100 ? 0 : 1) + " ms";
    }

    /**
     * Formats a byte count in kilobytes (1,000 bytes, as the bar's "10 KB" counts) with one decimal.
     *
     * @param bytes the count
     * @return such as {@code 7.3 KB}, or {@code n/a} when not a number
     */
    static String kb(double bytes) {
        return Double.isNaN(bytes) ? "n/a" : fixed(bytes / 1000, 1) + " KB";
    }

    /**
     * Formats a duration in seconds the way people read it.
     *
     * @param seconds the duration
     * @return such as {@code 1 min 42 s} or {@code 37 s}
     */
    static String duration(long seconds) {
        return seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
    }
}
