package dev.wskit.benchmarks.compare;

import java.util.concurrent.TimeUnit;

/** Ending the child JVMs the comparison and the soak tool start (servers and load generators). */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /**
     * Waits up to ten seconds for a child asked to quit, then kills it and waits as long again.
     *
     * @param process the child
     */
    public static void awaitOrKill(Process process) {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
