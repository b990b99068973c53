package dev.wskit.pubsub.redis;

import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.pubsub.spi.BackplaneException;
import dev.wskit.transport.PreparedMessage;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backplane over Redis pub/sub: each topic is the Redis channel {@code channelPrefix + topic}; a node
 * {@code SUBSCRIBE}s to it while it has local subscribers and {@code PUBLISH}es every message published on it,
 * tagged with its node id (see {@link Envelope}), and skips its own messages when Redis echoes them back, since
 * it delivered them locally already. It holds two connections to Redis, through Lettuce: one for publishing, one
 * in subscriber mode.
 *
 * <p><b>Delivery: at most once.</b> Redis pub/sub keeps nothing: a message reaches the nodes subscribed at the
 * moment Redis handles the {@code PUBLISH}, once each, and no one else. A publish is never retried, so a message
 * is never delivered twice: a command on its way when the connection drops fails rather than being replayed.
 *
 * <p><b>Order.</b> Messages published to a topic by one thread of one node arrive on every other node in that
 * order: one connection carries a node's publishes in call order, Redis handles a connection's commands in order
 * and sends each subscriber the messages of a channel in the order it handled them. Publishes from different
 * threads, or different nodes, have no order between them.
 *
 * <p><b>While Redis is down</b> (or unreachable), publishes fail at once with a {@link BackplaneException} naming
 * the topic and the cause; they are not buffered. Local delivery is not affected: {@link dev.wskit.pubsub.Topics}
 * delivers to its own subscribers before it hands the message to the backplane. Both connections reconnect by
 * themselves, waiting {@link RedisBackplaneConfig#minReconnectDelay()} at first and doubling the wait up to
 * {@link RedisBackplaneConfig#maxReconnectDelay()}; on reconnection the subscriber connection subscribes again to
 * every channel it listened to, and to those whose subscription was asked for while it was down (subscription
 * changes wait for the connection, in order). Messages published by other nodes while this node was disconnected
 * are lost for this node.
 *
 * <p><b>Shutdown.</b> {@link #close()} (called by {@code Topics.close()}) closes both connections, which ends the
 * node's subscriptions in Redis, and stops Lettuce's threads; publishes that have not reached Redis by then fail.
 * A node that stops without closing (a crash) is unsubscribed by Redis when its connections drop.
 *
 * <p>Thread-safe.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);

    private final RedisBackplaneConfig config;
    private final UUID nodeId = UUID.randomUUID();
    private final ClientResources resources;
    private final RedisClient publishingClient;
    private final RedisClient subscribingClient;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final String where;
    private volatile Receiver receiver;
    private volatile boolean closed;

    private RedisBackplane(RedisBackplaneConfig config, ClientResources resources, RedisClient publishingClient,
                           RedisClient subscribingClient) {
        this.config = config;
        this.resources = resources;
        this.publishingClient = publishingClient;
        this.subscribingClient = subscribingClient;
        this.where = config.uri().getScheme() + "://" + config.uri().getHost() + ":" + config.uri().getPort();
        this.publisher = publishingClient.connect(ByteArrayCodec.INSTANCE);
        this.subscriber = subscribingClient.connectPubSub(ByteArrayCodec.INSTANCE);
        this.subscriber.addListener(new Messages());
        subscribingClient.addListener(new ConnectionLog(where, () -> closed));
    }

    /**
     * Connects to Redis with the default settings.
     *
     * @param uri the Redis server, such as {@code redis://127.0.0.1:6379}
     * @return the connected backplane
     * @throws BackplaneException when Redis cannot be reached now
     */
    public static RedisBackplane connect(String uri) {
        return connect(RedisBackplaneConfig.of(uri));
    }

    /**
     * Connects to Redis. Both connections are made before this returns; later losses are repaired by reconnecting.
     *
     * @param config where Redis is and how to use it
     * @return the connected backplane
     * @throws BackplaneException when Redis cannot be reached now
     */
    public static RedisBackplane connect(RedisBackplaneConfig config) {
        Objects.requireNonNull(config, "config");
        Duration min = config.minReconnectDelay();
        Duration max = config.maxReconnectDelay();
        ClientResources resources = DefaultClientResources.builder()
            .ioThreadPoolSize(DefaultClientResources.MIN_IO_THREADS)
            .computationThreadPoolSize(DefaultClientResources.MIN_COMPUTATION_THREADS)
            .reconnectDelay(() -> Delay.exponential(min, max, 2, TimeUnit.MILLISECONDS))
            .build();
        RedisURI uri = RedisURI.create(config.uri());
        RedisClient publishing = client(resources, uri, ClientOptions.DisconnectedBehavior.REJECT_COMMANDS,
            TimeoutOptions.enabled(config.publishTimeout()));
        // no timeout: a subscription asked for while Redis is down must wait for the connection, however long
        RedisClient subscribing = client(resources, uri, ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS,
            TimeoutOptions.builder().timeoutCommands(false).build());
        try {
            return new RedisBackplane(config, resources, publishing, subscribing);
        } catch (RuntimeException e) {
            shutdown(publishing, subscribing, resources);
            throw new BackplaneException("Cannot connect to Redis at " + config.uri().getHost() + ":"
                + config.uri().getPort() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client whose connections reconnect by themselves. The publishing one rejects commands while disconnected,
     * cancels those in flight when the connection drops (at most once) and fails those Redis does not answer in
     * time; the subscribing one keeps its subscription changes until it is connected again.
     */
    private static RedisClient client(ClientResources resources, RedisURI uri,
                                      ClientOptions.DisconnectedBehavior whileDisconnected, TimeoutOptions timeouts) {
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(whileDisconnected)
            .timeoutOptions(timeouts)
            .build());
        return client;
    }

    /**
     * Returns this node's id, with which its messages are tagged.
     *
     * @return the id, random per backplane
     */
    public UUID nodeId() {
        return nodeId;
    }

    /**
     * Tells whether both connections to Redis are up.
     *
     * @return true when publishing and subscribing can reach Redis now
     */
    public boolean isConnected() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    @Override
    public void start(Receiver messages) {
        this.receiver = Objects.requireNonNull(messages, "messages");
    }

    @Override
    public void subscribe(String topic) {
        if (!closed) {
            subscriber.async().subscribe(channel(topic))
                .whenComplete((count, failure) -> logFailure("subscribe to", topic, failure));
        }
    }

    @Override
    public void unsubscribe(String topic) {
        if (!closed) {
            subscriber.async().unsubscribe(channel(topic))
                .whenComplete((count, failure) -> logFailure("unsubscribe from", topic, failure));
        }
    }

    @Override
    public CompletionStage<Void> publish(String topic, PreparedMessage message) {
        return publisher.async().publish(channel(topic), Envelope.encode(nodeId, message))
            .handle((receivers, failure) -> {
                if (failure != null) {
                    throw new CompletionException(new BackplaneException("Redis backplane at " + where
                        + " did not forward a message to topic '" + topic + "' (delivered on this node only, not "
                        + "retried): " + failure.getMessage(), failure));
                }
                return null;
            });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriber.close();
        publisher.close();
        shutdown(publishingClient, subscribingClient, resources);
    }

    private byte[] channel(String topic) {
        return (config.channelPrefix() + topic).getBytes(StandardCharsets.UTF_8);
    }

    private void logFailure(String action, String topic, Throwable failure) {
        if (failure != null && !closed) {
            LOG.warn("Redis backplane at {} could not {} topic '{}': {}", where, action, topic, failure.toString());
        }
    }

    private static void shutdown(RedisClient publishing, RedisClient subscribing, ClientResources resources) {
        publishing.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        subscribing.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Hands other nodes' messages to the registry; runs on Lettuce's event loop, one message at a time. */
    private final class Messages extends RedisPubSubAdapter<byte[], byte[]> {
        @Override
        public void message(byte[] channel, byte[] body) {
            Receiver messages = receiver;
            if (messages == null || closed) {
                return;
            }
            try {
                if (nodeId.equals(Envelope.origin(body))) {
                    return;
                }
                String name = new String(channel, StandardCharsets.UTF_8);
                messages.onMessage(name.substring(config.channelPrefix().length()), Envelope.decode(body).message());
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignored a message on Redis channel {} that no wskit node sent: {}",
                    new String(channel, StandardCharsets.UTF_8), e.getMessage());
            }
        }
    }
}
