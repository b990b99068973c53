package dev.wskit.benchmarks.soak;

import java.util.List;
import java.util.Locale;

/** Formats the samples as a text table and the growth of each quantity as a summary. Stateless. */
final class SeriesTable {
    private static final double MIB = 1024.0 * 1024;

    private SeriesTable() {
    }

    /**
     * Returns the table's header line.
     *
     * @return the column names
     */
    static String header() {
        return String.format(Locale.ROOT, "%12s %12s %12s %12s %8s %8s %6s %10s", "cycle", "heap MiB", "RSS MiB",
            "NMT MiB", "threads", "fds", "open", "cycles/s");
    }

    /**
     * Formats one sample as a row.
     *
     * @param sample the sample
     * @return the row, aligned with {@link #header()}
     */
    static String row(Sample sample) {
        return String.format(Locale.ROOT, "%,12d %12.1f %12.1f %12.1f %8d %8d %6d %,10.0f", sample.cycle(),
            sample.heapBytes() / MIB, sample.rssBytes() / MIB, sample.nmtBytes() / MIB, sample.threads(),
            sample.fds(), sample.open(), sample.cyclesPerSecond());
    }

    /**
     * Describes each quantity's largest growth over the first sample, against its bound.
     *
     * @param series the samples, the first being the baseline
     * @param bounds the bounds
     * @return one line per quantity, such as {@code RSS: 210.0 MiB -> 212.5 MiB, max growth +3.1 MiB (bound +128.0 MiB)}
     */
    static String growth(List<Sample> series, Bounds bounds) {
        StringBuilder text = new StringBuilder();
        if (series.isEmpty()) {
            return "no samples\n";
        }
        for (Quantity quantity : Quantity.values()) {
            long first = quantity.of(series.getFirst());
            long peak = quantity.of(Bounds.peak(series, quantity));
            text.append(String.format(Locale.ROOT, "  %-14s %s -> %s, max growth +%s (bound +%s)%n",
                quantity.label() + ":", quantity.format(first), quantity.format(quantity.of(series.getLast())),
                quantity.format(peak - first), quantity.format(bounds.of(quantity))));
        }
        return text.toString();
    }
}
