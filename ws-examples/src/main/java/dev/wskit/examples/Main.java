package dev.wskit.examples;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code wskit-examples.jar} entry point: {@code java -jar wskit-examples.jar SUBCOMMAND [options]}, with
 * the subcommands chat, echo, client and autobahn-client. Exit status: 0 on success, 1 when the work failed
 * (a port in use, a connection refused), 2 on a bad command line.
 */
public final class Main {
    static final String USAGE = """
        Usage: java -jar wskit-examples.jar SUBCOMMAND [options]

        Subcommands:
          chat              the chat room: a page at / and the WebSocket at /chat
          echo              an echo server for conformance tests and benchmarks
          client URL        a command-line client: lines typed are sent, messages received are printed
                            (URL may be a bare HOST:PORT)
          autobahn-client   the client driver of the Autobahn|Testsuite fuzzing server

        Run SUBCOMMAND --help for its options; --version prints the version.
        """;

    private Main() {
    }

    /**
     * Runs a subcommand and exits with its status.
     *
     * @param args the subcommand and its options
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println(Version.line());
            return 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        Command command = switch (args[0]) {
            case "chat" -> new ChatCommand();
            case "echo" -> new EchoCommand();
            case "client" -> new ClientCommand(in);
            case "autobahn-client" -> new AutobahnClientCommand();
            default -> null;
        };
        if (command == null) {
            err.println("Unknown subcommand: " + args[0]);
            err.print(USAGE);
            return 2;
        }
        return command.execute(rest, out, err);
    }
}
