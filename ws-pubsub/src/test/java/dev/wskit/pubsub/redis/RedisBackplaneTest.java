package dev.wskit.pubsub.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wskit.pubsub.Await;
import dev.wskit.pubsub.Inbox;
import dev.wskit.pubsub.Node;
import dev.wskit.pubsub.Topics;
import dev.wskit.pubsub.spi.BackplaneException;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Server nodes joined through a real Redis, started by the test on a free loopback port: publications cross nodes
 * once each, in order, a node listens to a topic's channel only while it has subscribers, and while Redis is down
 * publications fail clearly, local delivery goes on, and the nodes hear each other again once it is back.
 */
class RedisBackplaneTest {
    private static String missing;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RedisServer redis;

    @BeforeAll
    static void findRedis() {
        missing = RedisServer.missing();
        if (missing != null) {
            System.err.println("*** SKIPPED RedisBackplaneTest: " + missing + " ***");
        }
    }

    @BeforeEach
    void startRedis() throws Exception {
        assumeTrue(missing == null, () -> "SKIPPED: " + missing);
        redis = RedisServer.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisBackplane backplane() {
        return backplane(Duration.ofSeconds(5));
    }

    private RedisBackplane backplane(Duration publishTimeout) {
        return RedisBackplane.connect(RedisBackplaneConfig.of(redis.uri())
            .withReconnectDelays(Duration.ofMillis(50), Duration.ofMillis(500)).withPublishTimeout(publishTimeout));
    }

    private Node node(RedisBackplane backplane) throws Exception {
        Node node = Node.start("nio", Topics.create(backplane));
        resources.add(node);
        return node;
    }

    /** Asks Redis how many connections subscribe to a topic's channel ({@code PUBSUB NUMSUB}). */
    private long listeners(String topic) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().pubsubNumsub(RedisBackplaneConfig.DEFAULT_CHANNEL_PREFIX + topic).values()
                .iterator().next();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private void awaitListeners(String topic, long count) throws InterruptedException {
        Await.until(() -> listeners(topic) == count, () -> topic + " has " + listeners(topic) + " listeners");
    }

    @Test
    void publicationOnOneNodeReachesSubscribersOnTheOthersAndItsOwnOnce() throws Exception {
        Node a = node(backplane());
        Node b = node(backplane());
        Node c = node(backplane());
        Inbox onA = new Inbox();
        Inbox onB = new Inbox();
        Inbox onC = new Inbox();
        a.connect(onA, "room");
        b.connect(onB, "room");
        c.connect(onC, "room");
        awaitListeners("room", 3);
        a.topics().publish("room", PreparedMessage.text("hello")).toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals("hello", onA.next());
        assertEquals("hello", onB.next());
        assertEquals("hello", onC.next());
        a.topics().publish("room", PreparedMessage.binary(ByteBuffer.wrap(new byte[] {1})));
        b.topics().publish("room", PreparedMessage.text("marker"));
        assertEquals("marker", onA.next(), "node A's own message came back to it");
        assertEquals("marker", onB.next());
        assertEquals("marker", onC.next());
    }

    @Test
    void nodeListensToATopicsChannelOnlyWhileItHasSubscribers() throws Exception {
        Node a = node(backplane());
        Node b = node(backplane());
        a.connect(new Inbox(), "t");
        awaitListeners("t", 1);
        WebSocket onB = b.connect(new Inbox(), "t");
        WebSocket alsoOnB = b.connect(new Inbox(), "t");
        awaitListeners("t", 2);
        onB.close(1000, "");
        alsoOnB.close(1000, "");
        awaitListeners("t", 1);
        a.close();
        awaitListeners("t", 0);
    }

    @Test
    void messagesOfOnePublisherArriveInTheOrderTheyWerePublished() throws Exception {
        Node a = node(backplane());
        Node b = node(backplane());
        Inbox onB = new Inbox();
        b.connect(onB, "seq");
        awaitListeners("seq", 1);
        for (int i = 0; i < 500; i++) {
            a.topics().publish("seq", PreparedMessage.text(Integer.toString(i)));
        }
        for (int i = 0; i < 500; i++) {
            assertEquals(Integer.toString(i), onB.next());
        }
    }

    @Test
    void whileRedisIsDownPublishesFailAndLocalDeliveryGoesOnThenNodesHearEachOtherAgain() throws Exception {
        RedisBackplane backplaneA = backplane();
        // B's short publish timeout must not cancel the subscription it asks for while Redis is down
        Duration publishTimeout = Duration.ofMillis(100);
        RedisBackplane backplaneB = backplane(publishTimeout);
        Node a = node(backplaneA);
        Node b = node(backplaneB);
        Inbox onA = new Inbox();
        Inbox onB = new Inbox();
        a.connect(onA, "room");
        b.connect(onB, "room");
        Inbox leaving = new Inbox();
        WebSocket leavingSocket = b.connect(leaving, "gone");
        awaitListeners("room", 2);
        awaitListeners("gone", 1);

        redis.stop();
        Await.until(() -> !backplaneA.isConnected() && !backplaneB.isConnected(), () -> "never noticed Redis left");
        ExecutionException failed = assertThrows(ExecutionException.class, () -> a.topics()
            .publish("room", PreparedMessage.text("during")).toCompletableFuture().get(60, TimeUnit.SECONDS));
        assertInstanceOf(BackplaneException.class, failed.getCause());
        assertEquals("during", onA.next(), "local delivery goes on without Redis");
        leavingSocket.close(1000, "");
        Await.until(() -> b.topics().subscriberCount("gone") == 0, () -> "still subscribed to gone");
        Inbox later = new Inbox();
        b.connect(later, "later");
        // this test is about a timeout: the time itself must pass
        long subscribed = System.nanoTime();
        Await.until(() -> System.nanoTime() - subscribed > 2 * publishTimeout.toNanos(), () -> "time stood still");

        redis.restart();
        Await.until(() -> backplaneA.isConnected() && backplaneB.isConnected(), () -> "never reconnected");
        awaitListeners("room", 2);
        awaitListeners("later", 1);
        awaitListeners("gone", 0);
        a.topics().publish("room", PreparedMessage.text("after")).toCompletableFuture().get(60, TimeUnit.SECONDS);
        a.topics().publish("later", PreparedMessage.text("subscribed while down"));
        assertEquals("after", onB.next(), "what was published while Redis was down is lost, not replayed");
        assertEquals("subscribed while down", later.next());
        assertEquals("after", onA.next());
    }
}
