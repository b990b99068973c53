package dev.wskit.benchmarks.pubsub;

import dev.wskit.pubsub.Topics;
import dev.wskit.pubsub.redis.RedisBackplane;
import dev.wskit.pubsub.redis.RedisBackplaneConfig;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Two server nodes in one JVM joined through Redis: node A publishes to a topic that one WebSocket client of node B
 * subscribes to, over loopback. Each message carries its publication time ({@link System#nanoTime()}, one clock
 * for both nodes), and the client records the time from publication to its delivery: A's {@code PUBLISH}, Redis,
 * B's subscriber connection, B's fan-out, the WebSocket frame (RFC 6455 §5.2) and the client's decoding. First at a
 * steady rate (the latency), then as fast as the path takes it with at most 1,000 messages in flight (messages
 * per second).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.wskit.benchmarks.pubsub.RedisLatency [--redis URI] [--rate N]
 * [--seconds N]}; without {@code --redis} it starts its own {@code redis-server} on a free loopback port, without
 * persistence, and stops it at the end.
 */
public final class RedisLatency {
    private static final String TOPIC = "latency";
    private static final int IN_FLIGHT = 1_000;
    private static final String PADDING = "x".repeat(48);

    private final Histogram latencies = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final AtomicLong received = new AtomicLong();
    private long published;
    private volatile boolean recording;

    private RedisLatency() {
    }

    /**
     * Runs the measurement and prints its results.
     *
     * @param args {@code --redis URI}, {@code --rate N} messages per second in the latency phase (default 2000),
     *     {@code --seconds N} per phase (default 10)
     * @throws Exception when Redis, a server or the client fails
     */
    public static void main(String[] args) throws Exception {
        String redisUri = option(args, "--redis", null);
        int rate = Integer.parseInt(option(args, "--rate", "2000"));
        int seconds = Integer.parseInt(option(args, "--seconds", "10"));
        Process redis = null;
        Path directory = Files.createTempDirectory("wskit-redis-latency");
        try {
            if (redisUri == null) {
                int port = freePort();
                redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString())
                    .redirectErrorStream(true).redirectOutput(directory.resolve("redis.log").toFile()).start();
                awaitAccepting(port);
                redisUri = "redis://127.0.0.1:" + port;
            }
            new RedisLatency().run(redisUri, rate, seconds);
        } finally {
            if (redis != null) {
                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
            }
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(directory);
        }
    }

    private void run(String redisUri, int rate, int seconds) throws Exception {
        RedisBackplaneConfig config = RedisBackplaneConfig.of(redisUri);
        try (Topics a = Topics.create(RedisBackplane.connect(config));
             Topics b = Topics.create(RedisBackplane.connect(config));
             WebSocketServer server = serverOf(b)) {
            WebSocket client = WebSocketClient.create().connect(
                URI.create("ws://127.0.0.1:" + server.port() + "/"), new Recorder()).get(60, TimeUnit.SECONDS);
            awaitFirstDelivery(a);
            paced(a, rate, 2);
            awaitAllDelivered();
            latencies.reset();
            recording = true;
            paced(a, rate, seconds);
            awaitAllDelivered();
            recording = false;
            report("steady " + rate + " msg/s for " + seconds + " s");
            long before = received.get();
            long start = System.nanoTime();
            long flooded = flood(a, seconds);
            long elapsed = System.nanoTime() - start;
            long delivered = received.get() - before;
            System.out.printf("flood (at most %d in flight) for %d s: published %d, delivered %d, %.0f msg/s%n",
                IN_FLIGHT, seconds, flooded, delivered, delivered * 1e9 / elapsed);
            client.abort();
        }
    }

    private static WebSocketServer serverOf(Topics topics) throws IOException {
        return WebSocketServer.start(ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .transport(Transports.nio())
            .endpoint("/", () -> new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket socket) {
                    topics.subscribe(socket, TOPIC);
                }
            })
            .build());
    }

    /** Publishes probes until one arrives: node B's subscription in Redis is asynchronous. */
    private void awaitFirstDelivery(Topics a) throws InterruptedException {
        while (received.get() == 0) {
            publish(a);
            Thread.sleep(50);
        }
        // probes published before the subscription took effect are lost, not late
        received.set(published);
    }

    /** Waits until every message published so far has arrived, so that a phase does not count the last one's. */
    private void awaitAllDelivered() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.get() < published && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void paced(Topics a, int rate, int seconds) {
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long count = (long) rate * seconds;
        for (long i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            publish(a);
        }
    }

    private long flood(Topics a, int seconds) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long first = published;
        while (System.nanoTime() < end) {
            if (published - received.get() < IN_FLIGHT) {
                publish(a);
            } else {
                Thread.onSpinWait();
            }
        }
        return published - first;
    }

    /** Publishes one message stamped with its time; only the main thread publishes. */
    private void publish(Topics a) {
        published++;
        a.publish(TOPIC, PreparedMessage.text(System.nanoTime() + ":" + PADDING));
    }

    private void report(String phase) {
        System.out.printf("%s: %d messages, latency p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs%n",
            phase, latencies.getTotalCount(), micros(50), micros(90), micros(99), micros(99.9),
            latencies.getMaxValue() / 1e3);
    }

    private double micros(double percentile) {
        return latencies.getValueAtPercentile(percentile) / 1e3;
    }

    /** Records each message's time since publication; callbacks of one connection never overlap. */
    private final class Recorder implements WebSocket.Listener {
        @Override
        public void onText(WebSocket socket, String text) {
            long sent = Long.parseLong(text, 0, text.indexOf(':'), 10);
            if (recording) {
                latencies.recordValue(Math.min(System.nanoTime() - sent, latencies.getHighestTrackableValue()));
            }
            received.incrementAndGet();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void awaitAccepting(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }
}
