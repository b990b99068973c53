package dev.wskit.benchmarks.compare;

import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The server's process: starts one target's echo server, announces
 * {@code READY echo=PORT sink=PORT cert=BASE64|-} on standard output (the certificate for TLS targets, which
 * the load generator then trusts), and answers control lines on standard input: {@code STATS} with
 * {@code STATS heap=BYTES rss=BYTES} (heap used after a full GC, resident set size), {@code QUIT} (or the end
 * of input) by stopping. Started by {@link Compare}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    /**
     * Runs the server until told to stop.
     *
     * @param args the target's name, such as {@code wskit-nio-tls}
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("Usage: ServerMain TARGET (raw-tcp, {netty,jetty,vertx}[-tls][-deflate], "
                + "wskit-TRANSPORT[-tls][-deflate])");
        }
        Target target = Target.parse(args[0]);
        SelfSignedCertificate certificate = target.tls() ? SelfSignedCertificate.forLocalhost() : null;
        SSLContext tls = certificate == null ? null : certificate.serverContext();
        PrintStream out = System.out;
        try (EchoServer server = EchoServer.start(target, tls)) {
            String cert = certificate == null ? "-"
                : Base64.getEncoder().encodeToString(certificate.certificate().getEncoded());
            out.println("READY echo=" + server.echoPort() + " sink=" + server.sinkPort() + " cert=" + cert);
            out.flush();
            serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
        }
        System.exit(0);
    }

    private static void serve(BufferedReader control, PrintStream out) throws IOException {
        for (String line = control.readLine(); line != null && !line.equals("QUIT"); line = control.readLine()) {
            out.println(line.equals("STATS") ? stats() : "ERROR unknown command " + line);
            out.flush();
        }
    }

    /**
     * Measures the process's memory: heap in use after two full collections, and the resident set size.
     *
     * @return {@code STATS heap=BYTES rss=BYTES} (rss -1 where /proc is missing)
     */
    static String stats() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return "STATS heap=" + memory.getHeapMemoryUsage().getUsed() + " rss=" + residentBytes();
    }

    private static long residentBytes() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : status) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
