package dev.wskit.benchmarks.pubsub;

import dev.wskit.pubsub.Topics;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Measures the fan-out of messages to every subscriber of a topic on one nio server, delivered over loopback
 * TCP: {@code publish} publishes each once through {@link Topics} (one {@link PreparedMessage}, framed once, RFC
 * 6455 §5.2, offered to every subscriber), {@code publishBatch} publishes a burst in one call (each subscriber is
 * handed the whole burst at once), {@code sendText} is the loop an application writes without topics, one
 * {@code sendText} per connection (each encoding and framing the message again and returning a future).
 *
 * <p>One operation is a burst of {@code burst} messages, published back to back, to all {@code subscribers}, and
 * ends when every subscriber has received all of them: the subscribers run in a child process
 * ({@link FanOutClients}, on its own file limit), which reads every connection, counts each one's messages (frames
 * parsed across reads) and reports each completed round with one byte. With {@code burst} 1 an operation waits for
 * each message before the next, so every delivery costs each connection a write of its own (latency-bound
 * publishing); a longer burst lets the messages queued on a connection between two writes go out in one write
 * (throughput). The {@code deliveries} counter is the score times {@code burst} times {@code subscribers}, the
 * messages delivered per second. With {@code -prof gc}, {@code gc.alloc.rate.norm} divided by {@code burst} times
 * {@code subscribers} is the bytes allocated per delivery in this (the server's) JVM; the child's reading is not
 * counted there, but it shares the machine's cores with the server, as real clients would not.
 *
 * <p>Not final, unlike the rest of wskit: JMH generates subclasses of its state classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {
    private static final String PATH = "/feed";
    private static final String TOPIC = "feed";

    /** How many connections subscribe to the topic. */
    @Param({"1", "100", "10000"})
    public int subscribers;

    /**
     * {@code publish} each message of the burst through topics, {@code publishBatch} the burst in one call
     * (delivered connection by connection), or {@code sendText} each message to each connection in a loop.
     */
    @Param({"publish", "publishBatch", "sendText"})
    public String fanOut;

    /** Messages per operation, published back to back: 1 measures latency-bound publishing, more throughput. */
    @Param({"1", "64"})
    public int burst;

    /** Payload bytes of the message: a chat line or a price tick. */
    @Param({"64"})
    public int size;

    private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    private Topics topics;
    private WebSocketServer server;
    private Process clients;
    private InputStream rounds;
    private String text;

    /** Counts the messages delivered, reported by JMH per second beside the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Deliveries {
        /** Messages delivered, summed over subscribers. */
        public long deliveries;

        /** Clears the count before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            deliveries = 0;
        }
    }

    /**
     * Starts the server and its topic, and the subscribers' process, and waits until all are subscribed.
     *
     * @throws Exception when the server, the process or a handshake fails
     */
    @Setup(Level.Trial)
    public void start() throws Exception {
        text = "x".repeat(size);
        topics = Topics.create();
        server = WebSocketServer.start(ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .transport(Transports.nio())
            .maxConnections(subscribers + 16)
            .endpoint(PATH, () -> new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket socket) {
                    topics.subscribe(socket, TOPIC);
                    sockets.add(socket);
                }
            })
            .build());
        String java = ProcessHandle.current().info().command().orElse("java");
        clients = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            FanOutClients.class.getName(), Integer.toString(server.port()), PATH, Integer.toString(subscribers),
            Integer.toString(burst))
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        rounds = clients.getInputStream();
        awaitReady();
        while (topics.subscriberCount(TOPIC) < subscribers) {
            Thread.sleep(10);
        }
    }

    private void awaitReady() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = rounds.read()) != '\n') {
            if (b < 0) {
                throw new IOException("The subscribers' process ended: " + line);
            }
            line.write(b);
        }
    }

    /** Stops the subscribers' process and the server. */
    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        clients.destroy();
        clients.waitFor(10, TimeUnit.SECONDS);
        topics.close();
        server.stop(Duration.ofSeconds(1));
    }

    /**
     * Sends a burst of messages to every subscriber and waits until all have received all of them.
     *
     * @param counter the deliveries counter
     * @throws IOException when the subscribers' process ends
     */
    @Benchmark
    public void fanOut(Deliveries counter) throws IOException {
        switch (fanOut) {
            case "publish" -> {
                for (int i = 0; i < burst; i++) {
                    topics.publish(TOPIC, PreparedMessage.text(text));
                }
            }
            case "publishBatch" -> {
                List<PreparedMessage> batch = new ArrayList<>(burst);
                for (int i = 0; i < burst; i++) {
                    batch.add(PreparedMessage.text(text));
                }
                topics.publish(TOPIC, batch);
            }
            default -> {
                for (int i = 0; i < burst; i++) {
                    for (WebSocket socket : sockets) {
                        socket.sendText(text);
                    }
                }
            }
        }
        if (rounds.read() < 0) {
            throw new IOException("The subscribers' process ended");
        }
        counter.deliveries += (long) burst * subscribers;
    }
}
