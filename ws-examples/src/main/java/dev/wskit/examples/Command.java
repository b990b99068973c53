package dev.wskit.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.concurrent.ExecutionException;

/** One subcommand: parses its options, runs, and maps failures to exit statuses with a clear message. */
abstract class Command {
    abstract String usage();

    /**
     * Runs the subcommand.
     *
     * @return the exit status
     * @throws Exception when the work fails
     */
    abstract int run(Options options, PrintStream out, PrintStream err) throws Exception;

    abstract Options parse(String[] args);

    final int execute(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            err.print(usage());
            return 2;
        }
        if (options.has("help")) {
            out.print(usage());
            return 0;
        }
        try {
            return run(options, out, err);
        } catch (Options.UsageException e) {
            err.println(e.getMessage());
            err.print(usage());
            return 2;
        } catch (BindException e) {
            err.println("Cannot listen: " + e.getMessage() + " (is the port in use? try --port 0 for a free one)");
            return 1;
        } catch (ExecutionException e) {
            err.println("Failed: " + e.getCause());
            return 1;
        } catch (IOException e) {
            err.println("Failed: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("Failed: " + e);
            return 1;
        }
    }
}
