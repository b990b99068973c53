package dev.wskit.benchmarks;

import dev.wskit.codec.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * Measures UTF-8 validation of a whole text message (RFC 6455 §8.1) by {@link Utf8Validator}, against the
 * JDK's decoder and Netty's validators.
 *
 * <p>Scores are operations per microsecond; one operation validates the whole text, whose length the setup
 * prints, so GB/s is {@code score * length / 1000}.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8ValidationBenchmark {
    /** Netty's WebSocket validator: {@code new Utf8Validator()}, package-private in Netty. */
    private static final MethodHandle NETTY_NEW;
    /** {@code check(ByteBuf)}, a public method of that package-private class. */
    private static final MethodHandle NETTY_CHECK;
    /** {@code finish()}, which throws when the text ended inside a code point. */
    private static final MethodHandle NETTY_FINISH;

    static {
        // Reached through a private lookup (both sides are on the class path, in the unnamed module) so that
        // the benchmark measures the code Netty's WebSocket08FrameDecoder really runs.
        try {
            Class<?> type = Class.forName("io.netty.handler.codec.http.websocketx.Utf8Validator");
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            NETTY_NEW = lookup.findConstructor(type, MethodType.methodType(void.class))
                .asType(MethodType.methodType(Object.class));
            NETTY_CHECK = lookup.findVirtual(type, "check", MethodType.methodType(void.class, ByteBuf.class))
                .asType(MethodType.methodType(void.class, Object.class, ByteBuf.class));
            NETTY_FINISH = lookup.findVirtual(type, "finish", MethodType.methodType(void.class))
                .asType(MethodType.methodType(void.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The text: pure ASCII of 16 or 64 KiB, or about 16 KiB of text in several scripts. */
    @Param({"ASCII_16K", "ASCII_64K", "MIXED_16K"})
    public String text;

    private byte[] bytes;
    private ByteBuffer heap;
    private ByteBuffer direct;
    private CharBuffer chars;
    private ByteBuf nettyBuffer;
    private Object nettyValidator;
    private final Utf8Validator validator = new Utf8Validator();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * Builds the text.
     *
     * @throws Throwable when Netty's validator cannot be created
     */
    @Setup
    public void setUp() throws Throwable {
        bytes = switch (text) {
            case "ASCII_16K" -> ascii(16 * 1024);
            case "ASCII_64K" -> ascii(64 * 1024);
            case "MIXED_16K" -> mixed(16 * 1024);
            default -> throw new IllegalArgumentException("Unknown text: " + text);
        };
        System.out.println("\n" + text + ": " + bytes.length + " bytes");
        heap = ByteBuffer.wrap(bytes);
        direct = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
        chars = CharBuffer.allocate(bytes.length);
        nettyBuffer = Unpooled.wrappedBuffer(bytes);
        nettyValidator = NETTY_NEW.invokeExact();
    }

    /** Releases Netty's buffer. */
    @TearDown
    public void tearDown() {
        nettyBuffer.release();
    }

    private static byte[] ascii(int length) {
        StringBuilder builder = new StringBuilder(length);
        while (builder.length() < length) {
            builder.append("{\"type\":\"quote\",\"symbol\":\"WSKT\",\"bid\":101.25,\"ask\":101.27}\n");
        }
        return builder.substring(0, length).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] mixed(int length) {
        String sample = "Hello, world! Grüße aus Köln. Привет, мир! Γειά σου κόσμε. こんにちは世界。你好，世界！"
            + " مرحبا بالعالم. 안녕하세요 세계! 🌍🚀 naïve café, 10 € ";
        StringBuilder builder = new StringBuilder();
        while (builder.toString().getBytes(StandardCharsets.UTF_8).length < length) {
            builder.append(sample);
        }
        return builder.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** wskit on a heap buffer: validate, then finish the message. */
    @Benchmark
    public Utf8Validator wskitHeap() {
        validator.validate(heap);
        validator.finish();
        return validator;
    }

    /** wskit on a direct buffer. */
    @Benchmark
    public Utf8Validator wskitDirect() {
        validator.validate(direct);
        validator.finish();
        return validator;
    }

    /**
     * The JDK's UTF-8 decoder reporting malformed input, into a reused char buffer: it decodes as well as
     * validates, since the JDK has no validate-only API.
     *
     * @return the decoded chars
     * @throws CharacterCodingException when the text is not UTF-8
     */
    @Benchmark
    public CharBuffer jdkDecoder() throws CharacterCodingException {
        decoder.reset();
        chars.clear();
        heap.clear();
        CoderResult result = decoder.decode(heap, chars, true);
        if (result.isError()) {
            result.throwException();
        }
        return chars;
    }

    /**
     * Netty 4.1's WebSocket text-frame validator ({@code io.netty.handler.codec.http.websocketx.Utf8Validator},
     * a byte-at-a-time automaton run through {@code ByteBuf.forEachByte}).
     *
     * @throws Throwable when the text is not UTF-8
     */
    @Benchmark
    public void nettyWebSocketValidator() throws Throwable {
        NETTY_CHECK.invokeExact(nettyValidator, nettyBuffer);
        NETTY_FINISH.invokeExact(nettyValidator);
    }

    /**
     * Netty's public {@code ByteBufUtil.isText(buf, UTF_8)}.
     *
     * @return whether the text is valid
     */
    @Benchmark
    public boolean nettyIsText() {
        return ByteBufUtil.isText(nettyBuffer, StandardCharsets.UTF_8);
    }
}
