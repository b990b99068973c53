package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.tls.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the load generator against each kind of server in this JVM, briefly, and sees round trips. */
class LoadSmokeTest {
    private static final Timing BRIEF = new Timing(0, 1, Duration.ofMillis(300), Duration.ZERO);
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.forLocalhost();
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw-tcp", "netty", "netty-tls", "netty-deflate", "wskit-blocking", "wskit-virtual",
        "wskit-nio", "wskit-nio-tls", "wskit-nio-deflate", "wskit-virtual-tls"})
    void echoCompletesRoundTrips(String name) throws Exception {
        Target target = Target.parse(name);
        try (EchoServer server = EchoServer.start(target, target.tls() ? certificate.serverContext() : null)) {
            List<Run> runs = EchoLoad.run(setup(target, server), Cell.echo(125, 2), true);
            assertEquals(1, runs.size());
            Run run = runs.getFirst();
            assertTrue(run.messages() > 0, name + ": " + run);
            assertEquals(run.messages() * 125, run.bytes());
            assertTrue(run.p50() > 0 && run.p50() <= run.p99() && run.p99() <= run.p999(), run.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"netty", "wskit-nio", "vertx"})
    void openLoopSendsNoMoreThanItsSchedule(String name) throws Exception {
        Target target = Target.parse(name);
        Cell cell = Cell.paced(125, 2, 400);
        try (EchoServer server = EchoServer.start(target, null)) {
            Run run = EchoLoad.run(setup(target, server), cell, true).getFirst();
            // Two connections, one message every 5 ms each from the start to the end of the 300 ms run.
            long scheduled = 2 * (BRIEF.run().toNanos() / cell.pacing().intervalNanos() + 1);
            assertTrue(run.messages() > 0 && run.messages() <= scheduled, name + ": " + run);
            assertTrue(run.p50() > 0 && run.p50() <= run.p99(), run.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw-tcp", "netty", "wskit-nio", "wskit-blocking-tls"})
    void streamReachesTheSinkAndEnds(String name) throws Exception {
        Target target = Target.parse(name);
        try (EchoServer server = EchoServer.start(target, target.tls() ? certificate.serverContext() : null)) {
            Run run = StreamLoad.run(setup(target, server), Cell.stream(16 * 1024), true).getFirst();
            assertTrue(run.messages() > 0 && run.bytesPerSecond() > 0, name + ": " + run);
        }
    }

    private static LoadSetup setup(Target target, EchoServer server) throws Exception {
        SSLContext tls = target.tls() ? Connector.trusting(certificate.certificate().getEncoded()) : null;
        return new LoadSetup(target,
            new Connector(target, new InetSocketAddress("127.0.0.1", server.echoPort()), tls),
            new Connector(target, new InetSocketAddress("127.0.0.1", server.sinkPort()), tls),
            new ServerCpu(ProcessHandle.current().pid()), BRIEF, 1);
    }
}
