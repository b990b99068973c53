package dev.wskit.benchmarks.compare;

/**
 * The figures of an idle cell: how many connections were opened and still echoed afterwards, and the server's
 * memory before and after opening them. Immutable.
 *
 * @param opened connections opened (WebSocket handshake complete)
 * @param held of those, how many still echoed a message after the memory reading
 * @param baselineHeap heap used after a full GC before opening them, in bytes
 * @param baselineRss resident set size before opening them, in bytes (-1 unknown)
 * @param heap heap used after a full GC with them open
 * @param rss resident set size with them open (-1 unknown)
 * @param note why fewer were opened than asked for, or empty
 */
record Idle(int opened, int held, long baselineHeap, long baselineRss, long heap, long rss, String note) {

    /**
     * Returns the heap each connection costs the server.
     *
     * @return bytes per opened connection, NaN when none was opened
     */
    double heapPerConnection() {
        return opened == 0 ? Double.NaN : (double) (heap - baselineHeap) / opened;
    }

    /**
     * Returns the growth of the server's resident set per connection: with the heap fixed and pre-touched,
     * the native memory each connection costs (thread stacks, direct buffers, JVM structures).
     *
     * @return bytes per opened connection, NaN when none was opened or RSS is unknown
     */
    double rssPerConnection() {
        return opened == 0 || rss < 0 || baselineRss < 0 ? Double.NaN : (double) (rss - baselineRss) / opened;
    }
}
