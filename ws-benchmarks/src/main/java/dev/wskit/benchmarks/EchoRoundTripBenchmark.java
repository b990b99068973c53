package dev.wskit.benchmarks;

import dev.wskit.benchmarks.compare.EchoListener;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import dev.wskit.transport.metrics.JfrMetrics;
import dev.wskit.transport.metrics.WebSocketMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * Measures one echoed message through a wskit server over loopback TCP: a client frame in (RFC 6455 §5.2,
 * masked, §5.3), the application's echo, the server frame out, on one transport. The client side is a blocking
 * {@link SocketChannel} writing one pre-built masked frame and reading the echo into a reused direct buffer, so it
 * allocates nothing per operation.
 *
 * <p>One operation is one round trip. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated
 * per echoed message by the whole JVM (JMH counts every thread's allocations), which here is the server's: its
 * read, decode, delivery to the listener, send queue, encode and write of one message. Throughput is bounded by
 * loopback latency and thread hand-offs, so the score says more about a transport's wake-ups than about its CPU
 * cost; the comparison ({@code Compare}) measures CPU per message under load.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EchoRoundTripBenchmark {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** The server's transport, by its {@code Transports.byName} name. */
    @Param({"nio", "virtual", "blocking"})
    public String transport;

    /** The message type: a text message is UTF-8 validated and decoded into a String, a binary one is not. */
    @Param({"text", "binary"})
    public String type;

    /**
     * How the server's listener sends the echo: {@code future} through {@code sendText}/{@code sendBinary}, which
     * return a future, {@code offer} through {@code offerText}/{@code offerBinary}, which do not.
     */
    @Param({"future", "offer"})
    public String send;

    /**
     * The server's metrics: {@code none} (the default, each hook a null check), {@code counting} (a listener that
     * counts every message, as a Micrometer binding does) or {@code jfr} ({@code JfrMetrics}, with no recording
     * running).
     */
    @Param({"none"})
    public String metrics;

    /** Payload bytes of the echoed message: a typical chat message, the comparison's size. */
    @Param({"125"})
    public int size;

    private WebSocketServer server;
    private SocketChannel client;
    private ByteBuffer request;
    private ByteBuffer reply;
    private int replyLength;

    /**
     * Starts the server and connects the client through the opening handshake.
     *
     * @throws IOException when the server cannot start or the handshake fails
     */
    @Setup
    public void start() throws IOException {
        server = WebSocketServer.start(ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .transport(Transports.byName(transport))
            .endpoint("/echo", () -> send.equals("offer") ? EchoListener.INSTANCE : FutureEcho.INSTANCE)
            .connection(c -> c.metrics(metrics()))
            .build());
        client = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
        handshake();
        request = maskedFrame(type.equals("text") ? 0x81 : 0x82, size);
        replyLength = 2 + size;
        reply = ByteBuffer.allocateDirect(replyLength);
    }

    private WebSocketMetrics metrics() {
        return switch (metrics) {
            case "none" -> WebSocketMetrics.NONE;
            case "counting" -> new CountingMetrics();
            case "jfr" -> JfrMetrics.instance();
            default -> throw new IllegalArgumentException("metrics is none, counting or jfr: " + metrics);
        };
    }

    /**
     * Closes the client and stops the server.
     *
     * @throws IOException when closing the client fails
     */
    @TearDown
    public void stop() throws IOException {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    /**
     * Sends one message and reads its echo.
     *
     * @return the last byte of the echo, so that the read is not dead code
     * @throws IOException when the connection fails
     */
    @Benchmark
    public byte roundTrip() throws IOException {
        request.clear();
        while (request.hasRemaining()) {
            client.write(request);
        }
        reply.clear();
        while (reply.hasRemaining()) {
            if (client.read(reply) < 0) {
                throw new IOException("The server closed the connection");
            }
        }
        return reply.get(replyLength - 1);
    }

    private void handshake() throws IOException {
        String head = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            client.write(out);
        }
        ByteBuffer in = ByteBuffer.allocate(1024);
        while (!endsWithBlankLine(in)) {
            if (client.read(in) < 0) {
                throw new IOException("The server closed the connection during the handshake");
            }
        }
        String response = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("Handshake refused: " + response.lines().findFirst().orElse(""));
        }
    }

    /** The echo through the sends that return a future, which a caller that does not wait for them ignores. */
    private static final class FutureEcho implements WebSocket.Listener {
        static final FutureEcho INSTANCE = new FutureEcho();

        @Override
        public void onText(WebSocket socket, String text) {
            socket.sendText(text);
        }

        @Override
        public void onBinary(WebSocket socket, ByteBuffer data) {
            socket.sendBinary(data);
        }
    }

    private static boolean endsWithBlankLine(ByteBuffer in) {
        int end = in.position();
        return end >= 4 && in.get(end - 4) == '\r' && in.get(end - 3) == '\n' && in.get(end - 2) == '\r'
            && in.get(end - 1) == '\n';
    }

    /** A final frame of {@code size} ASCII bytes (valid UTF-8 for text), masked with a fixed key. */
    private static ByteBuffer maskedFrame(int firstByte, int size) {
        byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
        ByteBuffer frame = ByteBuffer.allocateDirect(6 + size);
        frame.put((byte) firstByte).put((byte) (0x80 | size)).put(mask);
        for (int i = 0; i < size; i++) {
            frame.put((byte) (('a' + i % 26) ^ mask[i & 3]));
        }
        return frame.flip();
    }
}
