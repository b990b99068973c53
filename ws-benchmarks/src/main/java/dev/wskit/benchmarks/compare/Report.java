package dev.wskit.benchmarks.compare;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything one comparison produced, ready for the writers. Immutable.
 *
 * @param mode {@code quick}, {@code full} or {@code custom}
 * @param machine where it ran
 * @param timing warm-ups, runs and their length
 * @param started when it started
 * @param took how long it took
 * @param targets the targets, in report order
 * @param measurements every cell's figures, in the order they ran
 */
record Report(String mode, Machine machine, Timing timing, Instant started, Duration took, List<Target> targets,
              List<Measurement> measurements) {

    /**
     * Copies the lists.
     */
    Report {
        targets = List.copyOf(targets);
        measurements = List.copyOf(measurements);
    }

    /**
     * Finds a cell's successful measurement on a target.
     *
     * @param target the target
     * @param cell the cell
     * @return the measurement, empty when not measured or failed
     */
    Optional<Measurement> find(Target target, Cell cell) {
        return measurements.stream()
            .filter(m -> m.target().equals(target) && m.cell().equals(cell) && m.succeeded())
            .findFirst();
    }

    /**
     * Lists the distinct cells of a workload that were measured, smallest message, fewest connections and the
     * closed loop first.
     *
     * @param workload the workload
     * @return the cells
     */
    List<Cell> cells(Workload workload) {
        return measurements.stream().map(Measurement::cell).filter(cell -> cell.workload() == workload).distinct()
            .sorted(Comparator.comparingInt(Cell::size).thenComparingInt(Cell::connections)
                .thenComparingInt(Cell::rate))
            .toList();
    }

    /**
     * Lists the targets measured in a cell, in report order.
     *
     * @param cell the cell
     * @return the targets with a measurement (successful or not)
     */
    List<Target> targetsIn(Cell cell) {
        return targets.stream()
            .filter(target -> measurements.stream().anyMatch(m -> m.target().equals(target) && m.cell().equals(cell)))
            .toList();
    }

    /**
     * Lists the failed measurements.
     *
     * @return the failures
     */
    List<Measurement> failures() {
        return measurements.stream().filter(m -> !m.succeeded()).toList();
    }
}
