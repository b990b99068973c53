package dev.wskit.benchmarks.soak;

import java.util.Locale;

/**
 * What one soak run does. Immutable.
 *
 * @param transport the server's transport: {@code nio}, {@code virtual} or {@code blocking}
 * @param deflate whether the cycles offer permessage-deflate (held connections never do)
 * @param cycles the connect, message, close cycles in all, the warm-up interval included
 * @param concurrency the most cycles in flight
 * @param every the cycles between samples; the first sample, after this many, is the baseline
 * @param held the connections held open and echoing throughout (0 for a plain cycle run)
 * @param serverHeapMib the server's fixed heap, in MiB
 * @param bounds how far each quantity may grow over the baseline
 */
record Settings(String transport, boolean deflate, long cycles, int concurrency, long every, int held,
                int serverHeapMib, Bounds bounds) {

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException when a number is out of range
     */
    Settings {
        if (cycles < every || every < 1 || concurrency < 1 || held < 0 || serverHeapMib < 16) {
            throw new IllegalArgumentException("Need cycles >= every >= 1, concurrency >= 1, held >= 0 and a heap of"
                + " 16 MiB or more: cycles " + cycles + ", every " + every + ", concurrency " + concurrency
                + ", held " + held + ", heap " + serverHeapMib + " MiB");
        }
    }

    /**
     * Describes the run in one line.
     *
     * @return such as {@code nio, permessage-deflate, 1,000,000 cycles, 500 concurrent, sampled every 50,000}
     */
    String label() {
        return String.format(Locale.ROOT, "%s%s, %,d cycles, %d concurrent%s, sampled every %,d, "
            + "server heap %d MiB", transport, deflate ? ", permessage-deflate" : "", cycles, concurrency,
            held > 0 ? String.format(Locale.ROOT, ", %,d held open echoing", held) : "", every,
            serverHeapMib);
    }
}
