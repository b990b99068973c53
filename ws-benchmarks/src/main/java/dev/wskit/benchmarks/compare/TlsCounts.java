package dev.wskit.benchmarks.compare;

import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngineResult;

/**
 * What a server's {@link CountingSslEngine}s saw: {@code wrap} and {@code unwrap} calls, the TLS records
 * (RFC 8446 §5) they moved and those records' bytes, plaintext bytes, calls that moved nothing, and how many
 * calls were handed direct buffers. Thread-safe: every engine of a server adds to the same counts.
 */
final class TlsCounts {
    private final LongAdder[] adders = new LongAdder[Count.values().length];

    /** Makes zero counts. */
    TlsCounts() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    /** What is counted. */
    enum Count {
        /** Calls to {@code wrap}. */
        WRAP_CALLS,
        /** {@code wrap} calls that produced a record. */
        RECORDS_OUT,
        /** Plaintext bytes {@code wrap} consumed. */
        PLAIN_OUT,
        /** Record bytes {@code wrap} produced. */
        WIRE_OUT,
        /** {@code wrap} calls whose first source buffer was direct. */
        WRAP_DIRECT_SRC,
        /** {@code wrap} calls whose destination was direct. */
        WRAP_DIRECT_DST,
        /** Calls to {@code unwrap}. */
        UNWRAP_CALLS,
        /** {@code unwrap} calls that consumed a record. */
        RECORDS_IN,
        /** {@code unwrap} calls that found less than a record ({@code BUFFER_UNDERFLOW}). */
        UNDERFLOWS,
        /** Record bytes {@code unwrap} consumed. */
        WIRE_IN,
        /** Plaintext bytes {@code unwrap} produced. */
        PLAIN_IN,
        /** {@code unwrap} calls whose source was direct. */
        UNWRAP_DIRECT_SRC,
        /** {@code unwrap} calls whose first destination buffer was direct. */
        UNWRAP_DIRECT_DST
    }

    /**
     * Counts one {@code wrap}.
     *
     * @param result what the engine returned
     * @param directSource whether the first plaintext buffer was direct
     * @param directDestination whether the record buffer was direct
     */
    void wrapped(SSLEngineResult result, boolean directSource, boolean directDestination) {
        add(Count.WRAP_CALLS, 1);
        add(Count.RECORDS_OUT, result.bytesProduced() > 0 ? 1 : 0);
        add(Count.PLAIN_OUT, result.bytesConsumed());
        add(Count.WIRE_OUT, result.bytesProduced());
        add(Count.WRAP_DIRECT_SRC, directSource ? 1 : 0);
        add(Count.WRAP_DIRECT_DST, directDestination ? 1 : 0);
    }

    /**
     * Counts one {@code unwrap}.
     *
     * @param result what the engine returned
     * @param directSource whether the record buffer was direct
     * @param directDestination whether the first plaintext buffer was direct
     */
    void unwrapped(SSLEngineResult result, boolean directSource, boolean directDestination) {
        add(Count.UNWRAP_CALLS, 1);
        add(Count.RECORDS_IN, result.bytesConsumed() > 0 ? 1 : 0);
        add(Count.UNDERFLOWS, result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW ? 1 : 0);
        add(Count.WIRE_IN, result.bytesConsumed());
        add(Count.PLAIN_IN, result.bytesProduced());
        add(Count.UNWRAP_DIRECT_SRC, directSource ? 1 : 0);
        add(Count.UNWRAP_DIRECT_DST, directDestination ? 1 : 0);
    }

    /**
     * Reads every count as it is now.
     *
     * @return the counts, indexed by {@link Count#ordinal()}
     */
    long[] snapshot() {
        long[] values = new long[adders.length];
        for (int i = 0; i < adders.length; i++) {
            values[i] = adders[i].sum();
        }
        return values;
    }

    private void add(Count count, long amount) {
        if (amount != 0) {
            adders[count.ordinal()].add(amount);
        }
    }
}
