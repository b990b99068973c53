package dev.wskit.benchmarks;

import dev.wskit.codec.Masker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures RFC 6455 §5.3 masking of a payload in place by {@link Masker}, against copying the same number of
 * bytes with {@code System.arraycopy} (the bar: masking should cost no more than a copy) and against the
 * loops Netty uses.
 *
 * <p>Scores are operations per microsecond; one operation masks (or copies) {@code size} bytes, so GB/s is
 * {@code score * size / 1000}.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** Payload size: a typical large frame payload and the largest control frame payload. */
    @Param({"16384", "125"})
    public int size;

    private final int key = 0x37fa_213d;
    private byte[] payload;
    private byte[] copyTarget;
    private ByteBuffer direct;
    private ByteBuffer heapSource;
    private ByteBuffer directTarget;
    private ByteBuf nettyHeap;
    private ByteBuf nettyDirect;

    /** Fills the payloads with random bytes. */
    @Setup
    public void setUp() {
        payload = new byte[size];
        new SplittableRandom(5).nextBytes(payload);
        copyTarget = new byte[size];
        direct = ByteBuffer.allocateDirect(size).put(0, payload);
        heapSource = ByteBuffer.wrap(payload.clone());
        directTarget = ByteBuffer.allocateDirect(size);
        nettyHeap = Unpooled.wrappedBuffer(payload.clone());
        nettyDirect = Unpooled.directBuffer(size).writeBytes(payload);
    }

    /** Frees Netty's direct buffer. */
    @TearDown
    public void tearDown() {
        nettyHeap.release();
        nettyDirect.release();
    }

    /** The reference: copying {@code size} bytes from one array to another. */
    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(payload, 0, copyTarget, 0, size);
        return copyTarget;
    }

    /** wskit masking a {@code byte[]} in place. */
    @Benchmark
    public int maskerArray() {
        return Masker.mask(payload, 0, size, key, 0);
    }

    /** wskit masking a direct buffer in place. */
    @Benchmark
    public int maskerDirectBuffer() {
        return Masker.mask(direct, 0, size, key, 0);
    }

    /** wskit masking from a heap buffer into a direct one, as a client's encoder does. */
    @Benchmark
    public int maskerHeapToDirect() {
        heapSource.clear();
        directTarget.clear();
        return Masker.mask(heapSource, directTarget, key, 0);
    }

    /**
     * The loop of Netty 4.1.115's {@code WebSocket08FrameDecoder.unmask} (a private method), on a heap
     * {@code ByteBuf}: eight bytes at a time through {@code getLong}/{@code setLong}, then four, then single
     * bytes.
     */
    @Benchmark
    public ByteBuf nettyByteBufLongLoopHeap() {
        return nettyUnmask(nettyHeap, key);
    }

    /** The same Netty loop on a direct {@code ByteBuf}, as a Netty server reading from a socket uses. */
    @Benchmark
    public ByteBuf nettyByteBufLongLoopDirect() {
        return nettyUnmask(nettyDirect, key);
    }

    /**
     * The int-at-a-time loop of older Netty releases and many other libraries, big-endian like a
     * {@code ByteBuf}, on a {@code byte[]}. Its bound is written {@code i <= end - 4}: the {@code i + 3 < end}
     * of those sources is no counted loop for C2 (i + 3 might overflow) and runs some 60 times slower.
     */
    @Benchmark
    public int intAtATimeArrayLoop() {
        byte[] bytes = payload;
        int end = size;
        int i = 0;
        for (; i <= end - 4; i += 4) {
            INTS.set(bytes, i, (int) INTS.get(bytes, i) ^ key);
        }
        for (int k = 0; i < end; i++, k++) {
            bytes[i] ^= (byte) (key >>> (24 - 8 * k));
        }
        return i;
    }

    // Netty's own code calls the deprecated ByteBuf.order(); kept to stay faithful to it.
    @SuppressWarnings("deprecation")
    private static ByteBuf nettyUnmask(ByteBuf frame, int mask) {
        int i = frame.readerIndex();
        int end = frame.writerIndex();
        ByteOrder order = frame.order();
        int intMask = mask;
        long longMask = intMask & 0xFFFF_FFFFL;
        longMask |= longMask << 32;
        for (int lim = end - 7; i < lim; i += 8) {
            frame.setLong(i, frame.getLong(i) ^ longMask);
        }
        if (i < end - 3) {
            frame.setInt(i, frame.getInt(i) ^ (int) longMask);
            i += 4;
        }
        if (order == ByteOrder.LITTLE_ENDIAN) {
            intMask = Integer.reverseBytes(intMask);
        }
        int maskOffset = 0;
        for (; i < end; i++) {
            frame.setByte(i, frame.getByte(i) ^ ((intMask >> (8 * (3 - (maskOffset++ & 3)))) & 0xFF));
        }
        return frame;
    }
}
