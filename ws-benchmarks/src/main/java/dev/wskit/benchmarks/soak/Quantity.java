package dev.wskit.benchmarks.soak;

import java.util.Locale;
import java.util.function.ToLongFunction;

/** A quantity sampled from the server's process, with how it is read off a sample and shown. Immutable. */
enum Quantity {
    /** Heap in use right after a full collection: live objects only. */
    HEAP("heap", Sample::heapBytes, true),
    /** Resident set size (VmRSS). */
    RSS("RSS", Sample::rssBytes, true),
    /** Native memory committed, as Native Memory Tracking totals it (heap, metaspace, threads, malloc...). */
    NMT("NMT committed", Sample::nmtBytes, true),
    /** Live platform threads. */
    THREADS("threads", Sample::threads, false),
    /** Open file descriptors (sockets among them). */
    FDS("fds", Sample::fds, false);

    private final String label;
    private final ToLongFunction<Sample> reader;
    private final boolean bytes;

    Quantity(String label, ToLongFunction<Sample> reader, boolean bytes) {
        this.label = label;
        this.reader = reader;
        this.bytes = bytes;
    }

    /**
     * Returns the quantity's name as the table and messages show it.
     *
     * @return such as {@code RSS}
     */
    String label() {
        return label;
    }

    /**
     * Reads the quantity off a sample.
     *
     * @param sample the sample
     * @return the value, in bytes or a count
     */
    long of(Sample sample) {
        return reader.applyAsLong(sample);
    }

    /**
     * Shows an amount of this quantity: bytes in MiB with one decimal, counts as they are.
     *
     * @param value the amount
     * @return such as {@code 12.5 MiB} or {@code 17}
     */
    String format(long value) {
        return bytes ? String.format(Locale.ROOT, "%.1f MiB", value / (1024.0 * 1024)) : Long.toString(value);
    }
}
