package dev.wskit.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What lived before a test's connections, the wskit threads and the process's open files (as
 * {@link LifecycleTest} counts them), to check afterwards that the connections left nothing behind.
 *
 * @param threads the live wskit threads that serve connections
 * @param files the open file descriptors of the process
 */
record Baseline(Set<String> threads, long files) {
    /** The cells already warmed up in this JVM: the first connection of a cell creates shared threads and files. */
    private static final Set<String> WARMED = ConcurrentHashMap.newKeySet();

    /**
     * Warms the cell up once per JVM (so that shared threads, classes and files exist), then takes the baseline.
     * Take it after starting the servers under test and before opening the connections to check.
     *
     * @param peers the cell
     * @return what lives now
     */
    static Baseline take(Harness peers) throws Exception {
        if (WARMED.add(peers.toString())) {
            LifecycleTest.warmUp(peers);
        }
        return new Baseline(LifecycleTest.wskitThreads(), LifecycleTest.openFileDescriptors());
    }

    /** Asserts that, within a few seconds, no new wskit thread lives and no more files are open than before. */
    void assertNothingLeftBehind() throws Exception {
        LifecycleTest.assertNothingLeftBehind(threads, files);
    }
}
