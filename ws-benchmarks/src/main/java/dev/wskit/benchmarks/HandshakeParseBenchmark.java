package dev.wskit.benchmarks;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeadParser;
import dev.wskit.handshake.HttpHeadParser.Complete;
import dev.wskit.handshake.HttpHeadParser.Result;
import dev.wskit.handshake.ServerHandshake;
import dev.wskit.handshake.ServerHandshakeConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parses the upgrade request a browser sends (RFC 6455 §4.1, with every header Chrome 131 adds) and judges it
 * as a server would (§4.2). The target is 1 M heads/s or more; run with {@code -prof gc} to see the bytes
 * allocated per head.
 *
 * <p>The reference, in the same run, is Netty 4.1's {@link HttpRequestDecoder} parsing the same bytes into an
 * {@link HttpRequest}. It is given an advantage: its channel and decoder are reused from head to head (a
 * keep-alive connection), where wskit starts a fresh parser each time as a server does per connection.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeParseBenchmark {
    /** An upgrade request as Chrome 131 sends it, with the key of RFC 6455 §1.3. */
    private static final String CHROME_REQUEST = """
        GET /chat?room=1 HTTP/1.1\r
        Host: example.com:8080\r
        Connection: Upgrade\r
        Pragma: no-cache\r
        Cache-Control: no-cache\r
        User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
        Chrome/131.0.0.0 Safari/537.36\r
        Upgrade: websocket\r
        Origin: http://example.com:8080\r
        Sec-WebSocket-Version: 13\r
        Accept-Encoding: gzip, deflate, br, zstd\r
        Accept-Language: en-US,en;q=0.9\r
        Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
        Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r
        \r
        """;

    private ByteBuffer request;
    private ServerHandshakeConfig policy;
    private EmbeddedChannel netty;
    private ByteBuf nettyRequest;

    /** Encodes the request once and builds the server's configuration and Netty's decoder. */
    @Setup
    public void setUp() {
        byte[] bytes = CHROME_REQUEST.getBytes(StandardCharsets.ISO_8859_1);
        request = ByteBuffer.wrap(bytes);
        policy = ServerHandshakeConfig.defaults();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        netty = new EmbeddedChannel(new HttpRequestDecoder());
        nettyRequest = Unpooled.wrappedBuffer(bytes);
        if (nettyParse().headers().size() != 12) {
            throw new IllegalStateException("Netty did not parse the sample request");
        }
    }

    /** Closes Netty's channel and frees its input. */
    @TearDown
    public void tearDown() {
        nettyRequest.release();
        netty.finishAndReleaseAll();
    }

    /**
     * Parses the request head with a fresh parser, as a server does per connection.
     *
     * @return the parse result
     */
    @Benchmark
    public Result<HandshakeRequest> parse() {
        request.position(0);
        return HttpHeadParser.forRequests().parse(request);
    }

    /**
     * The reference: Netty's HTTP/1.1 request decoder parses the same head (request line and headers, then the
     * empty last content that ends a body-less request).
     *
     * @return the parsed request
     */
    @Benchmark
    public HttpRequest nettyParse() {
        nettyRequest.readerIndex(0);
        // the decoder releases its input once consumed; the retain keeps the bytes for the next head
        netty.writeInbound(nettyRequest.retain());
        HttpRequest head = netty.readInbound();
        for (Object rest; (rest = netty.readInbound()) != null; ) {
            ReferenceCountUtil.release(rest);
        }
        return head;
    }

    /**
     * Parses the request and judges it: validation, origin policy, accept key, 101 response head.
     *
     * @return the outcome
     */
    @Benchmark
    public ServerHandshake.Outcome parseAndEvaluate() {
        request.position(0);
        if (HttpHeadParser.forRequests().parse(request) instanceof Complete<HandshakeRequest> complete) {
            return ServerHandshake.evaluate(complete.head(), policy);
        }
        throw new IllegalStateException("The sample request did not parse");
    }

    /**
     * Parses, judges and encodes the response bytes to write.
     *
     * @return the response bytes
     */
    @Benchmark
    public ByteBuffer parseEvaluateAndEncode() {
        if (parseAndEvaluate() instanceof ServerHandshake.Accepted accepted) {
            return accepted.responseBytes();
        }
        throw new IllegalStateException("The sample request was rejected");
    }
}
