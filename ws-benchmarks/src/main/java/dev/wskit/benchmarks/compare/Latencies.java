package dev.wskit.benchmarks.compare;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Round-trip latencies in nanoseconds, kept in an HdrHistogram with three significant digits (a reported
 * value is within 0.1% of the true one) that grows to any value it meets. Negative values count as 0 (a
 * clock that stepped back). Percentiles follow HdrHistogram's convention: the highest value equivalent to the
 * one of rank {@code ceil(percentile / 100 * count)}. They travel between processes in HdrHistogram's own
 * compressed encoding, in Base64 ({@link #encode}, {@link #decode}). Not thread-safe; merge per-thread ones
 * with {@link #add}.
 */
final class Latencies {
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram;

    /** Makes an empty histogram. */
    Latencies() {
        this(new Histogram(SIGNIFICANT_DIGITS));
    }

    private Latencies(Histogram histogram) {
        this.histogram = histogram;
    }

    /**
     * Reads what {@link #encode} wrote.
     *
     * @param text HdrHistogram's compressed encoding, in Base64
     * @return the latencies
     * @throws IllegalArgumentException when the text is not such an encoding
     */
    static Latencies decode(String text) {
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(
                Base64.getDecoder().decode(text)), 0);
            Latencies latencies = new Latencies();
            latencies.histogram.add(decoded);
            return latencies;
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("Not an encoded histogram: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes the latencies in HdrHistogram's compressed form, in Base64: one word, for a line of text.
     *
     * @return the encoding
     */
    String encode() {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Records one latency.
     *
     * @param nanos the latency, negative ones counting as 0
     */
    void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    /**
     * Adds another's latencies to these.
     *
     * @param other the latencies to add
     */
    void add(Latencies other) {
        histogram.add(other.histogram);
    }

    /**
     * Returns how many latencies were recorded.
     *
     * @return the count
     */
    long count() {
        return histogram.getTotalCount();
    }

    /**
     * Returns the largest latency recorded, within the histogram's precision.
     *
     * @return the maximum, 0 when empty
     */
    long max() {
        return histogram.getMaxValue();
    }

    /**
     * Returns the latency at a percentile.
     *
     * @param percentile from 0 to 100
     * @return the value, 0 when empty
     */
    long percentile(double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }
}
