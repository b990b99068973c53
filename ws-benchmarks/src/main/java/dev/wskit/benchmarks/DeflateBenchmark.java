package dev.wskit.benchmarks;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import dev.wskit.codec.spi.ExtensionDecoder;
import dev.wskit.codec.spi.ExtensionEncoder;
import dev.wskit.codec.spi.PayloadSink;
import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.DeflateExtension;
import dev.wskit.extensions.deflate.DeflateParameters;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Measures permessage-deflate (RFC 7692 §7.2) compressing and decompressing one message through wskit's
 * {@link DeflateExtension}, against a bare {@link Deflater} and {@link Inflater} doing the same work in the
 * same run: raw DEFLATE at level 6, a sync flush per message, and with {@code contextTakeover=false} a reset
 * after each message (wskit borrows from and returns to its pool instead). The goal is wskit at 0.9x or more
 * of the bare JDK.
 *
 * <p>Messages are JSON-like text of 125 B and 16 KiB. Decompression inflates a message compressed on its
 * own, which is valid input whether or not the inflater keeps context. Each side gets its input the way it
 * takes it: the bare streams an array, wskit a {@link ByteBuffer} over the same array, made once and rewound
 * for each message, as the engine hands wskit its connection's read buffer rather than a new one. Scores are
 * operations per microsecond. Bytes per connection for each setting are measured by
 * {@code ws-extensions/src/test/java/dev/wskit/extensions/deflate/MemoryFootprint.java} and listed in the
 * README: about 255 KiB with context kept both ways, under 1 KiB without.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeflateBenchmark {
    private static final int LEVEL = 6;
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    /** The message size in bytes. */
    @Param({"125", "16384"})
    public int size;

    /** Whether compressor and decompressor keep their window between messages (RFC 7692 §7.1.1). */
    @Param({"true", "false"})
    public boolean contextTakeover;

    private byte[] message;
    private byte[] compressed;
    private byte[] compressedWithTail;
    private ByteBuffer messageIn;
    private ByteBuffer compressedIn;
    private PerMessageDeflate deflate;
    private DeflateExtension extension;
    private ExtensionEncoder encoder;
    private ExtensionDecoder decoder;
    private Deflater bareDeflater;
    private Inflater bareInflater;
    private final byte[] out = new byte[64 * 1024];
    private Blackhole blackhole;
    private final PayloadSink sink = chunk -> {
        blackhole.consume(chunk.get(chunk.limit() - 1));
        chunk.position(chunk.limit());
    };

    /**
     * Builds the message, its compressed form, wskit's extension and the bare zlib streams.
     *
     * @param hole where results go, so the JIT keeps the work
     */
    @Setup
    public void setUp(Blackhole hole) {
        blackhole = hole;
        message = message(size);
        DeflateParameters agreed = contextTakeover ? DeflateParameters.NONE
            : new DeflateParameters(true, true, DeflateParameters.ABSENT, DeflateParameters.ABSENT);
        deflate = new PerMessageDeflate(DeflateConfig.builder().level(LEVEL).threshold(0).build());
        extension = deflate.extension(agreed, Role.SERVER);
        encoder = extension.encoder();
        decoder = extension.decoder();
        bareDeflater = new Deflater(LEVEL, true);
        bareInflater = new Inflater(true);
        compressed = compressAlone(message);
        compressedWithTail = Arrays.copyOf(compressed, compressed.length + TAIL.length);
        System.arraycopy(TAIL, 0, compressedWithTail, compressed.length, TAIL.length);
        messageIn = ByteBuffer.wrap(message);
        compressedIn = ByteBuffer.wrap(compressed);
        System.out.printf("%n%d B message compresses to %d B%n", message.length, compressed.length);
    }

    /** Ends the zlib streams. */
    @TearDown
    public void tearDown() {
        extension.close();
        deflate.close();
        bareDeflater.end();
        bareInflater.end();
    }

    /**
     * wskit compresses one message.
     *
     * @return the reserved bits, so the call is kept
     */
    @Benchmark
    public int wskitCompress() {
        int rsv = encoder.startMessage(Opcode.TEXT, message.length);
        encoder.encode(messageIn.clear(), true, sink);
        return rsv;
    }

    /**
     * The bare {@link Deflater} compresses one message the same way.
     *
     * @return the compressed size less the removed tail
     */
    @Benchmark
    public int bareCompress() {
        bareDeflater.setInput(message);
        int length = 0;
        int written;
        do {
            written = bareDeflater.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
            length += written;
        } while (length == out.length);
        if (!contextTakeover) {
            bareDeflater.reset();
        }
        return length - TAIL.length;
    }

    /** wskit decompresses one message. */
    @Benchmark
    public void wskitDecompress() {
        decoder.onFrameHeader(true, 0b100);
        decoder.decode(compressedIn.clear(), sink);
        decoder.endMessage(sink);
    }

    /**
     * The bare {@link Inflater} decompresses one message the same way.
     *
     * @return the decompressed size
     * @throws DataFormatException never, the data being valid
     */
    @Benchmark
    public int bareDecompress() throws DataFormatException {
        bareInflater.setInput(compressedWithTail);
        int total = 0;
        int written;
        do {
            written = bareInflater.inflate(out);
            total += written;
            blackhole.consume(out[Math.max(0, written - 1)]);
        } while (written == out.length);
        if (!contextTakeover) {
            bareInflater.reset();
        }
        return total;
    }

    private static byte[] compressAlone(byte[] message) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setInput(message);
            byte[] buffer = new byte[message.length * 2 + 64];
            int length = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(buffer, length - TAIL.length);
        } finally {
            deflater.end();
        }
    }

    private static byte[] message(int size) {
        Random random = new Random(size);
        StringBuilder text = new StringBuilder();
        while (text.length() < size) {
            text.append("{\"seq\":").append(random.nextInt(100_000)).append(",\"symbol\":\"WSK")
                .append((char) ('A' + random.nextInt(26))).append("\",\"price\":").append(random.nextInt(10_000))
                .append("},");
        }
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
