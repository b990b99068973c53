package dev.wskit.benchmarks.compare;

import java.time.Duration;

/**
 * How long each cell runs: warm-up runs (discarded) then measured runs, all of the same length; the first
 * warm-up in each server process is longer by {@code jvmWarmup}, for the JIT compiler to finish with the
 * server's hot paths. Immutable.
 *
 * @param warmups runs discarded before measuring
 * @param runs measured runs
 * @param run the length of each
 * @param jvmWarmup added to the first warm-up a server process sees
 */
record Timing(int warmups, int runs, Duration run, Duration jvmWarmup) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when nothing would be measured
     */
    Timing {
        if (warmups < 0 || runs < 1 || run.isNegative() || run.isZero() || jvmWarmup.isNegative()) {
            throw new IllegalArgumentException("Bad timing: " + warmups + " warm-ups, " + runs + " runs of " + run);
        }
    }

    /**
     * Returns the number of phases a cell goes through.
     *
     * @return warm-ups plus runs
     */
    int phases() {
        return warmups + runs;
    }

    /**
     * Returns how long a phase lasts.
     *
     * @param phase the phase's index, warm-ups first
     * @param firstInProcess whether this is the first cell the server process runs
     * @return the phase's length
     */
    Duration phase(int phase, boolean firstInProcess) {
        return phase == 0 && warmups > 0 && firstInProcess ? run.plus(jvmWarmup) : run;
    }
}
