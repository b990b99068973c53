package dev.wskit.benchmarks.compare;

import java.util.List;

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
     * Summarizes the rate: round trips per second for echo, messages per second for streams.
     *
     * @return the spread over the measured runs
     */
    Spread rate() {
        return Spread.of(runs, Run::perSecond);
    }
}
