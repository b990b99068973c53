package dev.wskit.benchmarks;

import dev.wskit.codec.FrameDecoder;
import dev.wskit.codec.FrameListener;
import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
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
 * Measures a server decoding masked client frames (RFC 6455 §5.2, §5.3) with {@link FrameDecoder}, against
 * Netty's {@link WebSocket08FrameDecoder} decoding the same bytes in the same run.
 *
 * <p>One operation is one frame: each invocation decodes a batch of {@value #BATCH} final binary frames of
 * {@code size} payload bytes, each with its own mask key, and the listener (or the Netty caller) reads the last
 * payload byte of every frame. Both decoders unmask in place or into their own buffer, so every invocation
 * first copies the pristine input into the work buffer, on both sides; {@link #copyOnly} measures that copy
 * alone. Scores are frames per second, and {@code gc.alloc.rate.norm} (with {@code -prof gc}) is per frame.
 *
 * <p>Netty runs as a server would run it: in a channel pipeline ({@link EmbeddedChannel}, whose per-batch cost
 * is spread over the batch), with a pooled allocator of the same kind as the input buffer and leak detection
 * off. Binary frames keep Netty's optional UTF-8 checking out of the picture; wskit checks UTF-8 a layer up.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameDecodeBenchmark {
    /** Frames per invocation. */
    static final int BATCH = 32;
    private static final int MAX_PAYLOAD = 64 * 1024;

    /** Payload size: the largest control frame payload (a typical chat message) and a large frame. */
    @Param({"125", "16384"})
    public int size;

    /** Where the received bytes sit: a heap buffer, or a direct one as a socket read fills. */
    @Param({"heap", "direct"})
    public String buffer;

    private byte[] pristine;
    private ByteBuffer work;
    private FrameDecoder decoder;
    private final LastByteListener listener = new LastByteListener();
    private EmbeddedChannel netty;
    private ByteBuf nettyWork;

    /** Builds the batch of masked frames and both decoders. */
    @Setup
    public void setUp() {
        pristine = maskedFrames(size, BATCH, new SplittableRandom(size));
        boolean direct = switch (buffer) {
            case "heap" -> false;
            case "direct" -> true;
            default -> throw new IllegalArgumentException("Unknown buffer kind: " + buffer);
        };
        work = direct ? ByteBuffer.allocateDirect(pristine.length) : ByteBuffer.allocate(pristine.length);
        decoder = new FrameDecoder(Role.SERVER).maxPayloadLength(MAX_PAYLOAD);

        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        ByteBufAllocator allocator = new PooledByteBufAllocator(direct);
        netty = new EmbeddedChannel();
        netty.config().setAllocator(allocator);
        netty.pipeline().addLast(new WebSocket08FrameDecoder(true, false, MAX_PAYLOAD));
        nettyWork = direct ? allocator.directBuffer(pristine.length) : allocator.heapBuffer(pristine.length);

        // both sides must see every frame, or the comparison means nothing
        long expected = copyAndDecode();
        long nettyResult = nettyDecode();
        if (listener.frames != BATCH || nettyResult != expected) {
            throw new IllegalStateException("Decoders disagree: " + listener.frames + " frames, sums " + expected
                + " and " + nettyResult);
        }
    }

    /** Closes Netty's channel and frees its input buffer. */
    @TearDown
    public void tearDown() {
        nettyWork.release();
        netty.finishAndReleaseAll();
    }

    /**
     * The floor under both decoders: copying the pristine batch into the work buffer, as each of them does
     * first.
     *
     * @return the work buffer
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public ByteBuffer copyOnly() {
        return work.clear().put(0, pristine);
    }

    /**
     * wskit: copy the batch, then decode it, unmasking in place.
     *
     * @return the sum of the last payload byte of each frame
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long wskit() {
        return copyAndDecode();
    }

    /**
     * Netty 4.1: copy the batch, then decode it in a pipeline; each frame's payload is copied into a pooled
     * buffer, unmasked there and wrapped in a {@code BinaryWebSocketFrame}, which the caller reads and releases.
     *
     * @return the sum of the last payload byte of each frame
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long netty() {
        return nettyDecode();
    }

    private long copyAndDecode() {
        work.clear().put(0, pristine).limit(pristine.length);
        listener.sum = 0;
        listener.frames = 0;
        decoder.decode(work, listener);
        return listener.sum;
    }

    private long nettyDecode() {
        nettyWork.setBytes(0, pristine).setIndex(0, pristine.length);
        // the decoder releases its input once consumed; the retain keeps the buffer for the next invocation
        netty.writeInbound(nettyWork.retain());
        long sum = 0;
        for (Object message; (message = netty.readInbound()) != null; ) {
            WebSocketFrame frame = (WebSocketFrame) message;
            ByteBuf payload = frame.content();
            sum += payload.getByte(payload.writerIndex() - 1);
            frame.release();
        }
        return sum;
    }

    /** Builds {@code count} final binary frames of {@code size} random bytes, as a client masks them. */
    static byte[] maskedFrames(int size, int count, SplittableRandom random) {
        int headerLength = 2 + (size < 126 ? 0 : size <= 0xFFFF ? 2 : 8) + 4;
        byte[] frames = new byte[count * (headerLength + size)];
        int at = 0;
        for (int frame = 0; frame < count; frame++) {
            frames[at++] = (byte) (0b1000_0000 | Opcode.BINARY.code());
            if (size < 126) {
                frames[at++] = (byte) (0b1000_0000 | size);
            } else if (size <= 0xFFFF) {
                frames[at++] = (byte) (0b1000_0000 | 126);
                frames[at++] = (byte) (size >>> 8);
                frames[at++] = (byte) size;
            } else {
                frames[at++] = (byte) (0b1000_0000 | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frames[at++] = (byte) ((long) size >>> shift);
                }
            }
            byte[] key = new byte[4];
            random.nextBytes(key);
            System.arraycopy(key, 0, frames, at, 4);
            at += 4;
            for (int i = 0; i < size; i++) {
                frames[at++] = (byte) (random.nextInt(256) ^ key[i & 3]);
            }
        }
        return frames;
    }

    /** Reads the last byte of every payload, as the Netty caller does. */
    private static final class LastByteListener implements FrameListener {
        long sum;
        int frames;

        @Override
        public void onHeader(boolean fin, int rsv, Opcode opcode, long payloadLength) {
            // nothing to keep: the payload's length is known from its buffer
        }

        @Override
        public void onPayload(ByteBuffer payload) {
            sum += payload.get(payload.limit() - 1);
        }

        @Override
        public void onFrameEnd() {
            frames++;
        }
    }
}
