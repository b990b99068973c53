package dev.wskit.benchmarks.compare;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The load generator's process: runs the cells it is given against one server and reports each measured run
 * on standard output, one line each ({@code RUN cell index figures}, {@code FAIL cell reason}), pausing at idle
 * cells until a line arrives on standard input ({@code IDLE-BASELINE cell}, {@code HOLDING cell opened=N},
 * then {@code IDLE-HELD cell held=N}), and ends with {@code DONE}. Started by {@link Compare}.
 */
public final class LoadMain {
    private static final Set<String> VALUED = Set.of("target", "port", "sink-port", "server-pid", "cert",
        "warmups", "runs", "millis", "jvm-warmup-millis", "threads", "cells");

    private LoadMain() {
    }

    /**
     * Runs the load.
     *
     * @param args {@code --target T --port P --sink-port P --server-pid N [--cert BASE64] --warmups W --runs R
     *     --millis M --jvm-warmup-millis M --threads T --cells echo:125:1,echo:125:64:10000,stream:16384:1,idle:0:2000}
     * @throws Exception when the arguments are wrong or the TLS setup fails
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, VALUED, Set.of());
        LoadSetup setup = setup(options);
        List<Cell> cells = Arrays.stream(options.require("cells").split(",")).map(Cell::parse).toList();
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        boolean first = true;
        for (Cell cell : cells) {
            runCell(setup, cell, first, control, out);
            first &= cell.workload() == Workload.IDLE;
        }
        out.println("DONE");
        out.flush();
    }

    private static LoadSetup setup(Options options) throws GeneralSecurityException, IOException {
        Target target = Target.parse(options.require("target"));
        SSLContext tls = target.tls() ? Connector.trusting(Base64.getDecoder().decode(options.require("cert"))) : null;
        Timing timing = new Timing(options.intValue("warmups", 1), options.intValue("runs", 2),
            Duration.ofMillis(options.longValue("millis")),
            Duration.ofMillis(options.intValue("jvm-warmup-millis", 0)));
        return new LoadSetup(target,
            new Connector(target, new InetSocketAddress("127.0.0.1", options.intValue("port", 0)), tls),
            new Connector(target, new InetSocketAddress("127.0.0.1", options.intValue("sink-port", 0)), tls),
            new ServerCpu(options.longValue("server-pid")), timing, options.intValue("threads", 1));
    }

    /**
     * Runs one cell and reports it; a failure is reported as {@code FAIL}, not thrown.
     *
     * @param setup the target and settings
     * @param cell the cell
     * @param first whether it is the first traffic cell of the server process
     * @param control where the orchestrator's go-ahead lines come from
     * @param out where the report lines go
     */
    static void runCell(LoadSetup setup, Cell cell, boolean first, BufferedReader control, PrintStream out) {
        try {
            switch (cell.workload()) {
                case ECHO -> report(out, cell, EchoLoad.run(setup, cell, first));
                case STREAM -> report(out, cell, StreamLoad.run(setup, cell, first));
                case IDLE -> {
                    int held = IdleLoad.run(setup, cell, announcement -> pause(announcement, control, out));
                    out.println("IDLE-HELD " + cell + " held=" + held);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.println("FAIL " + cell + " " + oneLine(e));
        }
        out.flush();
    }

    private static void report(PrintStream out, Cell cell, List<Run> runs) {
        for (int i = 0; i < runs.size(); i++) {
            out.println("RUN " + cell + " " + i + " " + runs.get(i).format());
        }
    }

    private static void pause(String announcement, BufferedReader control, PrintStream out) throws IOException {
        out.println(announcement);
        out.flush();
        if (control.readLine() == null) {
            throw new EOFException("The orchestrator closed the control channel");
        }
    }

    /**
     * Describes an error on one line, for the protocol.
     *
     * @param error the error
     * @return its description without line breaks
     */
    static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.toString();
        return message.replaceAll("\\s+", " ");
    }
}
