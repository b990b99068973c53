package dev.wskit.benchmarks.compare;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the JDK's {@link SSLEngine} on one echo's records (TLS 1.3, RFC 8446 §5.2), with the buffers a server
 * hands it on the heap or direct: {@code wrap} of a 127 B server frame (a 125 B message) into a record, and
 * {@code unwrap} of a 131 B masked client frame's record (measured with the client's {@code wrap} of it, which
 * is the same for both kinds). {@link TlsProfile} showed wskit's NIO transport wrapping
 * into a direct buffer where Netty wraps into a heap one; this tells what that choice costs.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsEngineBenchmark {
    private static final int REPLY = 127;
    private static final int REQUEST = 131;

    /** Where the server's plaintext buffers live: {@code heap} or {@code direct}. */
    @Param({"heap", "direct"})
    public String plain;

    /** Where the server's record buffers live: {@code heap} or {@code direct}. */
    @Param({"heap", "direct"})
    public String records;

    private EnginePair pair;
    private ByteBuffer reply;
    private ByteBuffer record;
    private ByteBuffer received;
    private ByteBuffer request;
    private ByteBuffer wire;

    /**
     * Handshakes a pair and prepares the buffers.
     *
     * @throws Exception when the handshake fails
     */
    @Setup
    public void handshake() throws Exception {
        pair = EnginePair.handshaken(UnaryOperator.identity());
        int packet = pair.server().getSession().getPacketBufferSize();
        reply = allocate(plain, REPLY);
        request = ByteBuffer.allocate(REQUEST);
        wire = ByteBuffer.allocate(packet);
        record = allocate(records, packet);
        received = allocate(plain, pair.server().getSession().getApplicationBufferSize());
    }

    private static ByteBuffer allocate(String kind, int capacity) {
        return kind.equals("direct") ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /**
     * Wraps one 127 B reply into a record.
     *
     * @return the record's length
     * @throws SSLException when the engine fails
     */
    @Benchmark
    public int wrapReply() throws SSLException {
        reply.clear();
        record.clear();
        return pair.server().wrap(reply, record).bytesProduced();
    }

    /**
     * Passes one 131 B request: the client wraps it into a heap buffer (the same work for both kinds), it is copied
     * into the server's kind of buffer, as a socket read would put it there, and the server unwraps it.
     *
     * @return the plaintext's length
     * @throws SSLException when an engine fails
     */
    @Benchmark
    public int wrapAndUnwrapRequest() throws SSLException {
        request.clear();
        wire.clear();
        pair.client().wrap(request, wire);
        wire.flip();
        record.clear();
        record.put(wire).flip();
        received.clear();
        return pair.server().unwrap(record, received).bytesProduced();
    }
}
