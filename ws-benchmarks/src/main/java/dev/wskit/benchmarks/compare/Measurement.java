package dev.wskit.benchmarks.compare;

import java.util.List;
import java.util.Optional;

/**
 * What one cell measured on one target: the measured runs (echo and stream), the idle figures (idle), or why
 * it failed. Immutable.
 *
 * @param target the server
 * @param cell the cell
 * @param runs the measured runs, empty for idle cells and failures
 * @param idle the idle figures, {@code null} for other cells and failures
 * @param failure why the cell failed, empty when it did not
 */
record Measurement(Target target, Cell cell, List<Run> runs, Idle idle, String failure) {

    /**
     * Copies the runs.
     */
    Measurement {
        runs = List.copyOf(runs);
    }

    /**
     * Makes the measurement of an echo or stream cell.
     *
     * @param target the server
     * @param cell the cell
     * @param runs the measured runs
     * @return the measurement
     */
    static Measurement ofRuns(Target target, Cell cell, List<Run> runs) {
        return new Measurement(target, cell, runs, null, "");
    }

    /**
     * Makes the measurement of an idle cell.
     *
     * @param target the server
     * @param cell the cell
     * @param idle the idle figures
     * @return the measurement
     */
    static Measurement ofIdle(Target target, Cell cell, Idle idle) {
        return new Measurement(target, cell, List.of(), idle, "");
    }

    /**
     * Makes the measurement of a failed cell.
     *
     * @param target the server
     * @param cell the cell
     * @param failure why it failed
     * @return the measurement
     */
    static Measurement failed(Target target, Cell cell, String failure) {
        return new Measurement(target, cell, List.of(), null, failure);
    }

    /**
     * Tells whether the cell produced figures.
     *
     * @return true unless it failed
     */
    boolean succeeded() {
        return failure.isEmpty() && (idle != null || !runs.isEmpty());
    }

    /**
     * Merges the measured runs' latencies, for percentiles over all of them.
     *
     * @return every run's round-trip times together, empty unless every run kept its histogram
     */
    Optional<Latencies> latencies() {
        if (runs.isEmpty() || runs.stream().anyMatch(run -> run.latencies().isEmpty())) {
            return Optional.empty();
        }
        Latencies all = new Latencies();
        runs.forEach(run -> all.add(Latencies.decode(run.latencies())));
        return Optional.of(all);
    }

    /**
     * Returns a latency percentile over all measured runs, or where the runs kept no histogram, the mean of
     * each run's.
     *
     * @param percentile 50, 99 or 99.9
     * @return nanoseconds
     * @throws IllegalArgumentException for another percentile without histograms
     */
    double latency(double percentile) {
        Optional<Latencies> all = latencies();
        if (all.isPresent()) {
            return all.get().percentile(percentile);
        }
        if (percentile == 50) {
            return Spread.of(runs, Run::p50).mean();
        } else if (percentile == 99) {
            return Spread.of(runs, Run::p99).mean();
        } else if (percentile == 99.9) {
            return Spread.of(runs, Run::p999).mean();
        }
        throw new IllegalArgumentException("No percentile " + percentile + " without histograms");
    }

    /**
     * Tells whether the server fell behind an open loop's rate: then the load queued up, and its latency
     * measures the queue (it grows with the run's length), not the server at that rate.
     *
     * @return true when an open-loop cell completed under 95% of its intended round trips, or when most of its
     *     messages were held back (the median latency is longer than a connection's interval between messages)
     */
    boolean fellBehind() {
        return cell.isOpenLoop() && !runs.isEmpty()
            && (rate().mean() < 0.95 * cell.rate() || latency(50) > cell.pacing().intervalNanos());
    }

    /**
     * Summarizes the rate: round trips per second for echo, messages per second for streams.
     *
     * @return the spread over the measured runs
     */
    Spread rate() {
        return Spread.of(runs, Run::perSecond);
    }
}
