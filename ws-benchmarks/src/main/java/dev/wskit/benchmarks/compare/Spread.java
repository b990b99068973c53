package dev.wskit.benchmarks.compare;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The mean of a figure over the measured runs and its range. Immutable.
 *
 * @param mean the arithmetic mean
 * @param min the lowest run
 * @param max the highest run
 */
record Spread(double mean, double min, double max) {

    /**
     * Summarizes one figure of the runs.
     *
     * @param runs the measured runs, at least one
     * @param figure the figure, such as {@link Run#perSecond()}
     * @return the spread
     * @throws IllegalArgumentException when there are no runs
     */
    static Spread of(List<Run> runs, ToDoubleFunction<Run> figure) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("No runs to summarize");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Run run : runs) {
            double value = figure.applyAsDouble(run);
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return new Spread(sum / runs.size(), min, max);
    }

    /**
     * Returns the range relative to the mean, to tell a steady figure from a noisy one.
     *
     * @return (max - min) / mean, 0 when the mean is 0
     */
    double relativeRange() {
        return mean == 0 ? 0 : (max - min) / mean;
    }
}
