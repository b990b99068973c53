package dev.wskit.benchmarks;

import dev.wskit.codec.FrameEncoder;
import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ResourceLeakDetector;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures encoding final binary frames (RFC 6455 §5.2) with {@link FrameEncoder}, unmasked as a server sends
 * them or masked as a client must (§5.3), against Netty's {@link WebSocket08FrameEncoder} in the same run.
 *
 * <p>One operation is one frame: each invocation encodes {@value #BATCH} frames of the same {@code size}-byte
 * payload. wskit writes them one after another into a reused output buffer (heap or direct), with client mask
 * keys from its default {@code SecureRandom}; {@link #wskitFastMaskKeys} draws them from a
 * {@code SplittableRandom} instead, which is what Netty's {@code ThreadLocalRandom} keys cost. Netty writes the
 * frames into an {@link EmbeddedChannel} with a void promise and one flush per batch, allocating its output from
 * a pooled allocator of the same kind, and the caller reads and releases the output buffers. For payloads of
 * 1 KiB or more Netty sends an unmasked payload as it is, after a separate header buffer, where wskit copies it
 * into the output. Scores are frames per second; {@code gc.alloc.rate.norm} (with {@code -prof gc}) is per
 * frame.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncodeBenchmark {
    /** Frames per invocation. */
    static final int BATCH = 32;

    /** Payload size: the largest control frame payload (a typical chat message) and a large frame. */
    @Param({"125", "16384"})
    public int size;

    /** The sending side: a server's frames are unmasked, a client's masked. */
    @Param({"SERVER", "CLIENT"})
    public Role side;

    /** Where the output goes: a heap buffer, or a direct one as a socket write wants. */
    @Param({"heap", "direct"})
    public String buffer;

    private ByteBuffer payload;
    private ByteBuffer out;
    private FrameEncoder encoder;
    private FrameEncoder fastKeysEncoder;
    private EmbeddedChannel netty;
    private ByteBuf nettyPayload;

    /** Builds the payload, the output buffer and both encoders. */
    @Setup
    public void setUp() {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        payload = ByteBuffer.wrap(bytes);
        boolean direct = switch (buffer) {
            case "heap" -> false;
            case "direct" -> true;
            default -> throw new IllegalArgumentException("Unknown buffer kind: " + buffer);
        };
        int capacity = BATCH * (FrameHeader.MAX_LENGTH + size);
        out = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        encoder = new FrameEncoder(side);
        fastKeysEncoder = new FrameEncoder(side, new SplittableRandom(7));

        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        netty = new EmbeddedChannel();
        netty.config().setAllocator(new PooledByteBufAllocator(direct));
        netty.pipeline().addLast(new WebSocket08FrameEncoder(side.masksOutgoing()));
        nettyPayload = Unpooled.wrappedBuffer(bytes);

        // both sides must write the same number of bytes, or the comparison means nothing
        long ours = encodeBatch(encoder);
        long theirs = nettyEncode();
        if (ours != theirs || ours != (long) BATCH * (FrameHeader.encodedLength(size, side.masksOutgoing()) + size)) {
            throw new IllegalStateException("Encoders disagree: " + ours + " and " + theirs + " bytes");
        }
    }

    /** Closes Netty's channel and frees the payload. */
    @TearDown
    public void tearDown() {
        nettyPayload.release();
        netty.finishAndReleaseAll();
    }

    /**
     * wskit, with the mask keys a client gets by default.
     *
     * @return the number of bytes written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long wskit() {
        return encodeBatch(encoder);
    }

    /**
     * wskit with mask keys from a {@code SplittableRandom}; for servers the same as {@link #wskit}.
     *
     * @return the number of bytes written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long wskitFastMaskKeys() {
        return encodeBatch(fastKeysEncoder);
    }

    /**
     * Netty 4.1, in a pipeline.
     *
     * @return the number of bytes written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long netty() {
        return nettyEncode();
    }

    private long encodeBatch(FrameEncoder frameEncoder) {
        out.clear();
        for (int i = 0; i < BATCH; i++) {
            if (!frameEncoder.encode(true, 0, Opcode.BINARY, payload.clear(), out)) {
                throw new IllegalStateException("Output buffer too small");
            }
        }
        return out.position();
    }

    private long nettyEncode() {
        for (int i = 0; i < BATCH; i++) {
            // the encoder releases each frame (the retain keeps the shared payload alive) and may read the
            // payload through (it runs synchronously here, so rewinding after the write is safe)
            netty.write(new BinaryWebSocketFrame(nettyPayload.retain()), netty.voidPromise());
            nettyPayload.readerIndex(0);
        }
        netty.flush();
        long written = 0;
        for (Object message; (message = netty.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) message;
            written += bytes.readableBytes();
            bytes.release();
        }
        return written;
    }
}
