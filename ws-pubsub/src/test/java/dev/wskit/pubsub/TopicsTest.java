package dev.wskit.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.extensions.deflate.DeflateConfig;
import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node's topics on a real server, on every transport, with wskit's client: who receives a publication, who is
 * skipped, what a closed connection leaves behind, what the backplane is told, and what a slow subscriber costs
 * the others (nothing).
 */
class TopicsTest {
    static Stream<String> transports() {
        return Transports.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void publicationReachesEverySubscriberOfItsTopicOnceAndNoOneElse(String transport) throws Exception {
        try (Node node = Node.start(transport, Topics.create())) {
            Inbox news = new Inbox();
            Inbox both = new Inbox();
            Inbox sport = new Inbox();
            node.connect(news, "news");
            node.connect(both, "news", "sport");
            node.connect(sport, "sport");
            node.topics().publish("news", PreparedMessage.text("headline"));
            node.topics().publish("sport", PreparedMessage.text("score"));
            assertEquals("headline", news.next());
            assertEquals("headline", both.next());
            assertEquals("score", both.next());
            assertEquals("score", sport.next());
            news.assertEmpty();
            sport.assertEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void publicationExceptTheSenderSkipsOnlyTheSender(String transport) throws Exception {
        try (Node node = Node.start(transport, Topics.create())) {
            Inbox sender = new Inbox();
            Inbox other = new Inbox();
            node.connect(sender, "room");
            node.connect(other, "room");
            WebSocket senderOnServer = node.serverSockets.get(0);
            node.topics().publish("room", PreparedMessage.text("hello"), senderOnServer);
            node.topics().publish("room", PreparedMessage.text("to all"));
            assertEquals("hello", other.next());
            assertEquals("to all", sender.next());
            assertEquals("to all", other.next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void publicationAfterAnUnsubscribeReturnedSkipsTheConnectionAndOneAfterASubscribeReachesIt(String transport)
        throws Exception {
        try (Node node = Node.start(transport, Topics.create())) {
            Inbox leaving = new Inbox();
            Inbox joining = new Inbox();
            node.connect(leaving, "t", "u");
            node.connect(joining, "u");
            node.topics().publish("t", PreparedMessage.text("before"));
            assertEquals("before", leaving.next());
            assertTrue(node.topics().unsubscribe(node.serverSockets.get(0), "t"));
            assertTrue(node.topics().subscribe(node.serverSockets.get(1), "t"));
            node.topics().publish("t", PreparedMessage.text("after"));
            node.topics().publish("u", PreparedMessage.text("marker"));
            assertEquals("marker", leaving.next(), "the unsubscribed connection got the later publication");
            assertEquals("after", joining.next());
            assertEquals("marker", joining.next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void batchReachesEverySubscriberButTheExceptedInItsOrder(String transport) throws Exception {
        try (Node node = Node.start(transport, Topics.create())) {
            Inbox sender = new Inbox();
            Inbox first = new Inbox();
            Inbox second = new Inbox();
            node.connect(sender, "room");
            node.connect(first, "room");
            node.connect(second, "room");
            List<PreparedMessage> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(PreparedMessage.text("m" + i));
            }
            node.topics().publish("room", batch, node.serverSockets.get(0)).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
            node.topics().publish("room", List.of(PreparedMessage.text("end")));
            for (Inbox inbox : List.of(first, second)) {
                for (int i = 0; i < 300; i++) {
                    assertEquals("m" + i, inbox.next());
                }
                assertEquals("end", inbox.next());
            }
            assertEquals("end", sender.next(), "the excepted connection got none of the batch");
            assertEquals(0, node.topics().refusedDeliveries());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void closedConnectionIsUnsubscribedFromEveryTopic(String transport) throws Exception {
        try (Node node = Node.start(transport, Topics.create())) {
            Inbox leaving = new Inbox();
            Inbox staying = new Inbox();
            WebSocket client = node.connect(leaving, "a", "b");
            node.connect(staying, "b");
            assertEquals(Set.of("a", "b"), node.topics().topics());
            assertEquals(2, node.topics().subscriberCount("b"));
            client.close(1000, "bye");
            assertEquals(1000, leaving.closed.get(60, TimeUnit.SECONDS));
            Await.until(() -> node.topics().subscriberCount("b") == 1, () -> "still subscribed to b");
            assertEquals(Set.of("b"), node.topics().topics());
            assertEquals(Set.of(), node.topics().topicsOf(node.serverSockets.get(0)));
            node.topics().subscribe(node.serverSockets.get(0), "c");
            assertEquals(0, node.topics().subscriberCount("c"), "a closed connection does not stay subscribed");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void slowSubscriberLosesMessagesUnderItsOverflowPolicyWhileTheOthersGetThemAll(String transport)
        throws Exception {
        int count = 1000;
        String payload = "x".repeat(32 * 1024);
        try (Node node = Node.start(transport, Topics.create(),
            config -> config.connection(c -> c.backpressure(Backpressure.defaults().withMaxBuffered(256 * 1024)
                .withWatermarks(32 * 1024, 128 * 1024))))) {
            Inbox slow = new Inbox();
            Inbox fast = new Inbox();
            WebSocket slowClient = node.connect(slow, "feed");
            node.connect(fast, "feed");
            WebSocket fastOnServer = node.serverSockets.get(1);
            slowClient.pauseReading();
            for (int i = 0; i < count; i++) {
                // paced by the fast subscriber, so that only the slow one overflows
                Await.until(fastOnServer::isWritable, () -> "the fast subscriber stopped reading");
                node.topics().publish("feed", PreparedMessage.text(i + ":" + payload));
            }
            for (int i = 0; i < count; i++) {
                assertTrue(fast.next().startsWith(i + ":"));
            }
            long refused = node.topics().refusedDeliveries();
            assertTrue(refused > 0, "the paused subscriber's queue never filled");
            slowClient.resumeReading();
            long delivered = count - refused;
            int previous = -1;
            for (int i = 0; i < delivered; i++) {
                int index = Integer.parseInt(slow.next().split(":", 2)[0]);
                assertTrue(index > previous, "the slow subscriber keeps the order of what it got");
                previous = index;
            }
            node.topics().publish("feed", PreparedMessage.text("after"));
            assertEquals("after", slow.next());
            assertEquals("after", fast.next());
        }
    }

    @Test
    void slowSubscriberUnderAClosingPolicyIsClosedWith1013AndUnsubscribed() throws Exception {
        String payload = "x".repeat(32 * 1024);
        try (Node node = Node.start("nio", Topics.create(), config -> config.connection(c -> c.backpressure(
            Backpressure.defaults().withMaxBuffered(256 * 1024).withWatermarks(32 * 1024, 128 * 1024)
                .withOverflow(Backpressure.Overflow.CLOSE_1013))))) {
            Inbox slow = new Inbox();
            Inbox fast = new Inbox();
            WebSocket slowClient = node.connect(slow, "feed");
            node.connect(fast, "feed");
            WebSocket fastOnServer = node.serverSockets.get(1);
            slowClient.pauseReading();
            int sent = 0;
            while (node.topics().refusedDeliveries() == 0) {
                Await.until(fastOnServer::isWritable, () -> "the fast subscriber stopped reading");
                node.topics().publish("feed", PreparedMessage.text(sent++ + ":" + payload));
            }
            slowClient.resumeReading();
            assertEquals(1013, slow.closed.get(60, TimeUnit.SECONDS));
            Await.until(() -> node.topics().subscriberCount("feed") == 1, () -> "the closed subscriber stayed");
            for (int i = 0; i < sent; i++) {
                assertTrue(fast.next().startsWith(i + ":"));
            }
        }
    }

    @ParameterizedTest(name = "server keeps its window: {0}")
    @ValueSource(booleans = {false, true})
    void subscribersWithAndWithoutPermessageDeflateReceiveEveryPublicationIntact(boolean keepWindow) throws Exception {
        String text = "the quick brown fox jumps over the lazy dog ".repeat(70);
        try (PerMessageDeflate serverDeflate = new PerMessageDeflate(DeflateConfig.builder()
                .ownContextTakeover(keepWindow).threshold(0).build());
             PerMessageDeflate clientDeflate = new PerMessageDeflate(DeflateConfig.defaults());
             Node node = Node.start("nio", Topics.create(), config -> config
                 .handshake(ServerHandshakeConfig.builder().extensions(serverDeflate).build()))) {
            List<Inbox> inboxes = List.of(new Inbox(), new Inbox(), new Inbox());
            node.connect(config -> config.handshake(ClientHandshakeConfig.builder().extensions(clientDeflate).build()),
                inboxes.get(0), "t");
            node.connect(config -> config.handshake(ClientHandshakeConfig.builder().extensions(clientDeflate).build()),
                inboxes.get(1), "t");
            node.connect(inboxes.get(2), "t");
            assertTrue(node.serverSockets.get(0).extensions().startsWith("permessage-deflate"));
            assertEquals("", node.serverSockets.get(2).extensions());
            for (int i = 0; i < 3; i++) {
                node.topics().publish("t", PreparedMessage.text(i + text));
            }
            for (Inbox inbox : inboxes) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(i + text, inbox.next());
                }
            }
        }
    }

    @Test
    void publishFromManyThreadsReachesEachSubscriberOnceInEachThreadsOrder() throws Exception {
        try (Node node = Node.start("nio", Topics.create())) {
            List<Inbox> inboxes = List.of(new Inbox(), new Inbox(), new Inbox());
            for (Inbox inbox : inboxes) {
                node.connect(inbox, "t");
            }
            int threads = 4;
            int each = 250;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            node.topics().publish("t", PreparedMessage.text(thread + "/" + i));
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
            }
            for (Inbox inbox : inboxes) {
                int[] next = new int[threads];
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < threads * each; i++) {
                    String[] parts = inbox.next().split("/");
                    int thread = Integer.parseInt(parts[0]);
                    assertEquals(next[thread]++, Integer.parseInt(parts[1]), "order of thread " + thread);
                    assertTrue(seen.add(thread + "/" + parts[1]));
                }
                inbox.assertEmpty();
            }
        }
    }

    @Test
    void backplaneHearsOfATopicAtItsFirstSubscriberAndItsLastLeaving() throws Exception {
        Recording backplane = new Recording();
        try (Node node = Node.start("nio", Topics.create(backplane))) {
            WebSocket first = node.connect(new Inbox(), "t");
            WebSocket second = node.connect(new Inbox(), "t");
            assertEquals(List.of("subscribe t"), backplane.calls);
            assertTrue(node.topics().unsubscribe(node.serverSockets.get(0), "t"));
            assertFalse(node.topics().unsubscribe(node.serverSockets.get(0), "t"));
            second.close(1000, "");
            Await.until(() -> backplane.calls.size() == 2, () -> "calls: " + backplane.calls);
            assertEquals(List.of("subscribe t", "unsubscribe t"), backplane.calls);
            node.topics().publish("t", PreparedMessage.text("m"));
            assertEquals(List.of("subscribe t", "unsubscribe t", "publish t"), backplane.calls);
            first.close(1000, "");
        }
        assertEquals("close", backplane.calls.get(backplane.calls.size() - 1));
    }

    @Test
    void batchIsHandedToTheBackplaneMessageByMessageInOrder() throws Exception {
        Recording backplane = new Recording();
        try (Topics topics = Topics.create(backplane)) {
            topics.publish("t", List.of(PreparedMessage.text("a"), PreparedMessage.text("b"))).toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
            assertEquals(List.of("publish t", "publish t"), backplane.calls);
            assertEquals(List.of("a", "b"), backplane.published);
            assertThrows(IllegalArgumentException.class, () -> topics.publish("", List.of()));
        }
    }

    @Test
    void messageFromAnotherNodeReachesThisNodesSubscribers() throws Exception {
        Recording backplane = new Recording();
        try (Node node = Node.start("nio", Topics.create(backplane))) {
            Inbox inbox = new Inbox();
            node.connect(inbox, "t");
            backplane.receiver.onMessage("t", PreparedMessage.text("from afar"));
            backplane.receiver.onMessage("other", PreparedMessage.text("not for us"));
            assertEquals("from afar", inbox.next());
            assertEquals(List.of("subscribe t"), backplane.calls);
        }
    }

    @Test
    void closedTopicsRefuseToPublishAndEmptyTopicNamesAreRefused() throws Exception {
        Topics topics = Topics.create();
        assertThrows(IllegalArgumentException.class, () -> topics.publish("", PreparedMessage.text("m")));
        topics.close();
        assertThrows(IllegalStateException.class, () -> topics.publish("t", PreparedMessage.text("m")));
    }

    /** A backplane that records what the registry asks of it. */
    private static final class Recording implements Backplane {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> published = new CopyOnWriteArrayList<>();
        Receiver receiver;

        @Override
        public void start(Receiver messages) {
            receiver = messages;
        }

        @Override
        public void subscribe(String topic) {
            calls.add("subscribe " + topic);
        }

        @Override
        public void unsubscribe(String topic) {
            calls.add("unsubscribe " + topic);
        }

        @Override
        public CompletionStage<Void> publish(String topic, PreparedMessage message) {
            calls.add("publish " + topic);
            published.add(StandardCharsets.UTF_8.decode(message.payload()).toString());
            return CompletableFuture.completedStage(null);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
