package dev.wskit.benchmarks.compare;

import java.time.Duration;

/**
 * Reads the CPU time (user and system, all threads) the server process has used so far, as the operating
 * system reports it ({@code /proc/PID/stat} on Linux, at clock-tick resolution). The load generator reads its
 * own process's the same way. Immutable.
 *
 * @param pid the process's id
 */
record ServerCpu(long pid) {

    /**
     * Returns the CPU time used so far.
     *
     * @return nanoseconds, or -1 when the system does not tell
     */
    long nanos() {
        return ProcessHandle.of(pid)
            .flatMap(process -> process.info().totalCpuDuration())
            .map(Duration::toNanos)
            .orElse(-1L);
    }

    /**
     * Returns the CPU time used between two readings.
     *
     * @param before the earlier reading
     * @param after the later reading
     * @return the difference, or -1 when either is unknown
     */
    static long between(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
