package dev.wskit.benchmarks.compare;

import dev.wskit.benchmarks.compare.TlsCounts.Count;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;

/**
 * Profiles a server's TLS path (issue #15): each TLS target's echo server runs in this JVM with a
 * {@link CountingSslContext}, a closed loop of 125 B echoes (one message in flight per connection) runs through
 * it, and what its {@code SSLEngine}s did per echoed message is printed as a markdown table: {@code wrap} and
 * {@code unwrap} calls, TLS records (RFC 8446 §5) in and out and their sizes, calls that found less than a record,
 * and how often the buffers handed to the engine were direct. Counts, not times: they do not depend on the
 * machine's load. Only engines are counted, so the blocking transports (JSSE's {@code SSLSocket}) are left out.
 *
 * <p>Run it with {@code java -cp benchmarks.jar dev.wskit.benchmarks.compare.TlsProfile [--connections N]
 * [--messages M] [TARGET ...]}.
 */
public final class TlsProfile {
    private static final List<String> DEFAULT_TARGETS = List.of("wskit-nio-tls", "netty-tls", "jetty-tls",
        "vertx-tls");
    private static final int SIZE = 125;
    private static final int REPLY = SIZE + 2;

    private TlsProfile() {
    }

    /**
     * What one target's engines did per echoed message.
     *
     * @param target the target
     * @param messages how many messages were echoed while counting
     * @param counts the counts' increase over those messages, indexed by {@link Count#ordinal()}
     */
    record Profile(Target target, long messages, long[] counts) {

        /**
         * Returns one count per echoed message.
         *
         * @param count the count
         * @return its increase divided by the messages
         */
        double perMessage(Count count) {
            return (double) counts[count.ordinal()] / messages;
        }

        /**
         * Returns a ratio of two counts, zero when the second is zero.
         *
         * @param count the numerator
         * @param per the denominator
         * @return the ratio
         */
        double ratio(Count count, Count per) {
            long divisor = counts[per.ordinal()];
            return divisor == 0 ? 0 : (double) counts[count.ordinal()] / divisor;
        }
    }

    /**
     * Runs the profile and prints its table.
     *
     * @param args {@code --connections N} (64), {@code --messages M} per connection (500), then target names
     *     (by default {@code wskit-nio-tls netty-tls jetty-tls vertx-tls})
     * @throws Exception when a server cannot start or an echo fails
     */
    public static void main(String[] args) throws Exception {
        int connections = 64;
        int messages = 500;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                default -> targets.add(args[i]);
            }
        }
        List<Profile> profiles = new ArrayList<>();
        for (String name : targets.isEmpty() ? DEFAULT_TARGETS : targets) {
            profiles.add(profile(Target.parse(name), connections, messages));
        }
        print(profiles, connections, System.out);
        System.exit(0);
    }

    /**
     * Profiles one TLS target: starts its server with counting engines, opens the connections, echoes a warm-up
     * round on each, then counts over {@code messages} echoes on each.
     *
     * @param target a TLS target without deflate
     * @param connections how many connections echo at once
     * @param messages how many messages each connection echoes while counting
     * @return what the server's engines did
     * @throws Exception when the server cannot start or an echo fails
     */
    static Profile profile(Target target, int connections, int messages) throws Exception {
        if (!target.tls() || target.deflate()) {
            throw new IllegalArgumentException("Profiles TLS targets without deflate, not " + target);
        }
        TlsCounts counts = new TlsCounts();
        SelfSignedCertificate certificate = SelfSignedCertificate.forLocalhost();
        SSLContext server = CountingSslContext.wrap(certificate.serverContext(), counts);
        try (EchoServer echo = EchoServer.start(target, server)) {
            SSLContext client = Connector.trusting(certificate.certificate().getEncoded());
            Connector connector = new Connector(target, new InetSocketAddress("127.0.0.1", echo.echoPort()), client);
            List<String> failures = new ArrayList<>();
            List<Link> links = connector.openAll(connections, "/echo", failures);
            if (!failures.isEmpty()) {
                throw new IOException(target + ": " + failures.getFirst());
            }
            try {
                echoAll(links, Math.max(1, messages / 10));
                long[] before = counts.snapshot();
                echoAll(links, messages);
                long[] after = counts.snapshot();
                Arrays.setAll(after, i -> after[i] - before[i]);
                return new Profile(target, (long) links.size() * messages, after);
            } finally {
                links.forEach(Link::close);
            }
        }
    }

    private static void echoAll(List<Link> links, int messages) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> echoes = new ArrayList<>();
            for (Link link : links) {
                echoes.add(threads.submit(() -> echo(link, messages)));
            }
            for (Future<Void> echoing : echoes) {
                try {
                    echoing.get();
                } catch (ExecutionException e) {
                    throw new IOException("An echo failed", e.getCause());
                }
            }
        }
    }

    private static Void echo(Link link, int messages) throws IOException {
        byte[] frame = ClientFrames.text(ClientFrames.payload(SIZE), false);
        ByteBuffer reply = ByteBuffer.allocate(REPLY * 2);
        for (int i = 0; i < messages; i++) {
            if (!link.write(ByteBuffer.wrap(frame))) {
                throw new IOException("A blocking write took only part of a frame");
            }
            readReply(link, reply);
        }
        return null;
    }

    private static void readReply(Link link, ByteBuffer reply) throws IOException {
        while (reply.position() < REPLY) {
            if (link.read(reply) < 0) {
                throw new IOException("The server closed after " + reply.position() + " bytes of a reply");
            }
        }
        if (reply.get(0) != (byte) 0x81 || reply.get(1) != SIZE) {
            throw new IOException("Not the echo of a 125 B text message: " + reply.get(0) + " " + reply.get(1));
        }
        reply.flip().position(REPLY);
        reply.compact();
    }

    private static void print(List<Profile> profiles, int connections, PrintStream out) {
        out.printf("TLS path per echoed 125 B message, %d connections, closed loop; %s%n%n", connections,
            Machine.describe().label());
        out.println("| target | wrap calls | records out | B per record out | unwrap calls | records in "
            + "| underflows | direct wrap dst | direct unwrap src |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Profile p : profiles) {
            out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %.0f %% | %.0f %% |%n",
                p.target(), p.perMessage(Count.WRAP_CALLS), p.perMessage(Count.RECORDS_OUT),
                p.ratio(Count.WIRE_OUT, Count.RECORDS_OUT), p.perMessage(Count.UNWRAP_CALLS),
                p.perMessage(Count.RECORDS_IN), p.perMessage(Count.UNDERFLOWS),
                100 * p.ratio(Count.WRAP_DIRECT_DST, Count.WRAP_CALLS),
                100 * p.ratio(Count.UNWRAP_DIRECT_SRC, Count.UNWRAP_CALLS));
        }
    }
}
