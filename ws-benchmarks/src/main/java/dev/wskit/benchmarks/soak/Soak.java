package dev.wskit.benchmarks.soak;

import dev.wskit.benchmarks.compare.Machine;
import dev.wskit.benchmarks.compare.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The soak tool's entry point: runs one soak (a preset, adjusted by options) or, with {@code --full}, every
 * preset at full size in turn, prints each series and exits with 1 when a quantity grew past its bound (2 when a
 * run could not complete).
 *
 * <pre>java -cp ws-benchmarks/target/benchmarks.jar dev.wskit.benchmarks.soak.Soak --preset nio</pre>
 */
public final class Soak {
    private static final Set<String> VALUED = Set.of("preset", "transport", "cycles", "concurrency", "every",
        "held", "server-heap", "bound-heap-mib", "bound-rss-mib", "bound-nmt-mib", "bound-threads", "bound-fds");
    private static final Set<String> FLAGS = Set.of("full", "plain", "help");
    private static final long MIB = 1024 * 1024;
    private static final List<String> PRESETS = List.of("nio", "virtual", "blocking", "churn-nio", "churn-virtual");
    private static final String USAGE = """
        Usage: java -cp benchmarks.jar dev.wskit.benchmarks.soak.Soak [--full | --preset NAME] [options]

          --full                 every preset below in turn, at full size
          --preset NAME          one of them (default nio):
                                   nio       1,000,000 cycles, permessage-deflate, 500 concurrent
                                   virtual   200,000 cycles, permessage-deflate, 500 concurrent
                                   blocking  200,000 cycles, permessage-deflate, 500 concurrent
                                   churn-nio      10,000 held open echoing, 1,000 concurrent cycles, 50,000 in all
                                   churn-virtual  5,000 held open echoing, 1,000 concurrent cycles, 50,000 in all
          --transport T          nio, virtual or blocking (the server's; the load always runs on nio)
          --cycles N             connect, message, close cycles in all, the first interval being the warm-up
          --concurrency N        most cycles in flight
          --every N              cycles between samples (default 50,000; 10,000 for churn)
          --held N               connections held open, each echoing once a second
          --plain                no permessage-deflate on the cycles
          --server-heap MIB      the server's fixed heap
          --bound-heap-mib, --bound-rss-mib, --bound-nmt-mib, --bound-threads, --bound-fds N
                                 allowed growth over the first sample (default 32, 128, 64, 16, 64)
        """;

    private Soak() {
    }

    /**
     * Runs the soak and exits: 0 when every quantity stayed within its bound, 1 when one grew past it, 2 when a
     * run could not complete.
     *
     * @param args the options (see {@code --help})
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        Options options = Options.parse(args, VALUED, FLAGS);
        if (options.has("help")) {
            System.out.print(USAGE);
            return;
        }
        List<String> presets = options.has("full") ? PRESETS : List.of(options.get("preset", "nio"));
        System.out.println("wskit soak on " + Machine.describe().label() + ", started " + Instant.now());
        int status = 0;
        for (String preset : presets) {
            status = Math.max(status, run(settings(preset, options), System.out));
        }
        System.exit(status);
    }

    /**
     * Runs one soak and tells how it went.
     *
     * @param settings what to run
     * @param log where the series goes
     * @return 0 when it passed, 1 when a quantity grew past its bound, 2 when it could not complete
     * @throws InterruptedException when interrupted
     */
    static int run(Settings settings, PrintStream log) throws InterruptedException {
        try {
            return new SoakRun(settings, log).run().passed() ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            log.println("ERROR: the run could not complete: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Makes a preset's settings, with the options overriding them.
     *
     * @param preset the preset's name
     * @param options the options
     * @return the settings
     * @throws IllegalArgumentException for an unknown preset or a bad number
     */
    static Settings settings(String preset, Options options) {
        Settings base = preset(preset);
        Bounds bounds = Bounds.defaults();
        return new Settings(options.get("transport", base.transport()), base.deflate() && !options.has("plain"),
            Long.parseLong(options.get("cycles", Long.toString(base.cycles()))),
            options.intValue("concurrency", base.concurrency()),
            Long.parseLong(options.get("every", Long.toString(base.every()))),
            options.intValue("held", base.held()), options.intValue("server-heap", base.serverHeapMib()),
            new Bounds(options.intValue("bound-heap-mib", (int) (bounds.heapBytes() / MIB)) * MIB,
                options.intValue("bound-rss-mib", (int) (bounds.rssBytes() / MIB)) * MIB,
                options.intValue("bound-nmt-mib", (int) (bounds.nmtBytes() / MIB)) * MIB,
                options.intValue("bound-threads", (int) bounds.threads()),
                options.intValue("bound-fds", (int) bounds.fds())));
    }

    /**
     * Returns a preset at full size, with the default bounds.
     *
     * @param name {@code nio}, {@code virtual}, {@code blocking}, {@code churn-nio} or {@code churn-virtual}
     * @return its settings
     * @throws IllegalArgumentException for an unknown name
     */
    static Settings preset(String name) {
        Bounds bounds = Bounds.defaults();
        return switch (name) {
            case "nio" -> new Settings("nio", true, 1_000_000, 500, 50_000, 0, 512, bounds);
            case "virtual", "blocking" -> new Settings(name, true, 200_000, 500, 50_000, 0, 512, bounds);
            case "churn-nio" -> new Settings("nio", true, 50_000, 1_000, 10_000, 10_000, 2048, bounds);
            case "churn-virtual" -> new Settings("virtual", true, 50_000, 1_000, 10_000, 5_000, 2048, bounds);
            default -> throw new IllegalArgumentException("Unknown preset: " + name + "; known: " + PRESETS);
        };
    }
}
