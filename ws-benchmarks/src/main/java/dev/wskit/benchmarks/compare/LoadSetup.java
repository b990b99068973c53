package dev.wskit.benchmarks.compare;

/**
 * What every load of one target shares: the target, connectors to its echo and sink, the server's CPU clock,
 * the timing and the number of load threads. Immutable.
 *
 * @param target the server under test
 * @param echo connects to the echo (path {@code /echo})
 * @param sink connects to the sink (path {@code /sink}; the raw echo's sink listens on its own port)
 * @param cpu the server process's CPU time
 * @param timing warm-ups, runs and their length
 * @param threads load threads for echo cells (each with its own selector)
 */
record LoadSetup(Target target, Connector echo, Connector sink, ServerCpu cpu, Timing timing, int threads) {
}
