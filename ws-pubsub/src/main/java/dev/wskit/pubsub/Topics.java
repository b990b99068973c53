package dev.wskit.pubsub;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.transport.Backpressure;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server's topics: which connections subscribe to which topic, and the fan-out of a published message to them,
 * here and, through a {@link Backplane}, on the other server nodes.
 *
 * <p><b>Encoded once.</b> A published {@link PreparedMessage} is framed once (one unmasked RFC 6455 §5.2 frame) and
 * the same bytes are queued to every subscriber. With permessage-deflate (RFC 7692) the cost depends on what each
 * connection negotiated: a connection whose server compresses without context takeover
 * ({@code server_no_context_takeover}, or the server configured not to keep its window, §7.1.1.1) shares one
 * compressed frame with every connection of the same window size and level, so the message is compressed once per
 * distinct setting, usually once in all; a connection whose server keeps its window compresses its own copy, one
 * deflate per such subscriber and message, because its bytes refer back to what that connection sent before.
 * A server that publishes much should therefore configure its deflate extension not to keep its own context. A
 * message that arrives from another node is prepared once on this node, and fanned out the same way.
 *
 * <p><b>Slow subscribers.</b> The publisher never blocks and never waits for a subscriber: each subscriber gets the
 * message through {@link WebSocket#offer(PreparedMessage)}, which queues it within that connection's
 * {@link Backpressure} limit. When a subscriber's queue is full, its {@link Backpressure.Overflow} policy applies to
 * that subscriber alone: the message is dropped for it ({@code FAIL_SEND}), or the connection is closed with
 * 1008 or 1013 (and so unsubscribed); {@link #refusedDeliveries()} counts those refusals. The other subscribers and
 * the topic go on.
 *
 * <p><b>Threads.</b> Thread-safe: subscribe, unsubscribe and publish from any thread, a connection's listener
 * included, on every transport. Publishing takes no registry-wide lock: topics are kept in a
 * {@link ConcurrentHashMap} of concurrent subscriber sets, and a publish walks an array of its topic's set,
 * rebuilt only after the set changed, read without locking; each delivery takes only its own connection's send
 * lock, briefly, to queue the message; changing one topic's subscribers locks only that
 * topic's map entry. A message published to a topic while a connection subscribes to it reaches that connection
 * or not.
 *
 * <p><b>Closed connections</b> are unsubscribed from every topic once they close ({@link WebSocket#whenClosed()}).
 * Topic names are matched exactly, case-sensitively; there are no wildcard or prefix topics.
 */
public final class Topics implements AutoCloseable {
    private final ConcurrentHashMap<String, Subscribers> subscribers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<WebSocket, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final Backplane backplane;
    private volatile boolean closed;

    private Topics(Backplane backplane) {
        this.backplane = backplane;
        backplane.start(this::deliver);
    }

    /**
     * Creates the topics of a single server node, on a backplane of its own that forwards nothing.
     *
     * @return the registry
     */
    public static Topics create() {
        return create(new InProcessBackplane.Hub().node());
    }

    /**
     * Creates the topics of one server node among others, joined through a backplane.
     *
     * @param backplane this node's backplane, which the registry starts now and closes in {@link #close()}
     * @return the registry
     */
    public static Topics create(Backplane backplane) {
        return new Topics(Objects.requireNonNull(backplane, "backplane"));
    }

    /**
     * Subscribes a connection to a topic; the node listens to the topic on the backplane from its first subscriber.
     *
     * @param socket an open server connection
     * @param topic the topic, not empty
     * @return true when newly subscribed, false when it already was
     * @throws IllegalStateException after {@link #close()}
     */
    public boolean subscribe(WebSocket socket, String topic) {
        validate(topic);
        ensureOpen();
        Set<String> topics = subscriptions.get(socket);
        boolean first = false;
        if (topics == null) {
            Set<String> fresh = ConcurrentHashMap.newKeySet();
            topics = subscriptions.putIfAbsent(socket, fresh);
            first = topics == null;
            topics = first ? fresh : topics;
        }
        boolean added = addSubscriber(topic, socket, topics);
        if (first) {
            forgetWhenClosed(socket);
        } else if (added && socket.readyState() == ReadyState.CLOSED) {
            unsubscribeAll(socket);
        }
        return added;
    }

    /**
     * Unsubscribes a connection from a topic; the node stops listening to it when its last subscriber leaves.
     *
     * @param socket the connection
     * @param topic the topic
     * @return true when it was subscribed
     */
    public boolean unsubscribe(WebSocket socket, String topic) {
        Set<String> topics = subscriptions.get(socket);
        return topics != null && removeSubscriber(topic, socket, topics);
    }

    /**
     * Unsubscribes a connection from every topic, as happens by itself when it closes.
     *
     * @param socket the connection
     */
    public void unsubscribeAll(WebSocket socket) {
        Set<String> topics = subscriptions.remove(socket);
        if (topics != null) {
            for (String topic : topics) {
                removeSubscriber(topic, socket, topics);
            }
        }
    }

    /**
     * Publishes a message to every subscriber of a topic on this node and, through the backplane, on the others.
     * Returns once the message is queued to this node's subscribers (see the class comment for slow ones).
     *
     * @param topic the topic
     * @param message the message, encoded once for all subscribers
     * @return completes when the backplane has taken the message; fails with a
     *     {@link dev.wskit.pubsub.spi.BackplaneException} when it could not (this node's subscribers have it anyway)
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<Void> publish(String topic, PreparedMessage message) {
        return publish(topic, message, null);
    }

    /**
     * Publishes a message as {@link #publish(String, PreparedMessage)} does, to every subscriber but one, such as
     * the connection the message came from.
     *
     * @param topic the topic
     * @param message the message, encoded once for all subscribers
     * @param except the connection that does not get it, or {@code null}
     * @return as {@link #publish(String, PreparedMessage)}
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<Void> publish(String topic, PreparedMessage message, WebSocket except) {
        validate(topic);
        ensureOpen();
        deliver(topic, message, except);
        return backplane.publish(topic, message);
    }

    /**
     * Publishes several messages to a topic, in order, as many calls of {@link #publish(String, PreparedMessage)}
     * would, but delivered subscriber by subscriber: each connection is handed all of them at once, so that they
     * are queued together (and go out together, in one write when its event loop gets to it), and the fan-out
     * visits each connection once rather than once per message. Each subscriber receives them in this order;
     * as with single publishes, publications from other threads may come between them.
     *
     * @param topic the topic
     * @param messages the messages, in order, each encoded once for all subscribers
     * @return completes when the backplane has taken every message; fails as {@link #publish(String,
     *     PreparedMessage)} does when it could not take one (this node's subscribers have them all anyway)
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<Void> publish(String topic, List<PreparedMessage> messages) {
        return publish(topic, messages, null);
    }

    /**
     * Publishes several messages as {@link #publish(String, List)} does, to every subscriber but one.
     *
     * @param topic the topic
     * @param messages the messages, in order, each encoded once for all subscribers
     * @param except the connection that does not get them, or {@code null}
     * @return as {@link #publish(String, List)}
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletionStage<Void> publish(String topic, List<PreparedMessage> messages, WebSocket except) {
        validate(topic);
        ensureOpen();
        PreparedMessage[] batch = messages.toArray(new PreparedMessage[0]);
        deliver(topic, batch, except);
        CompletableFuture<?>[] forwarded = new CompletableFuture<?>[batch.length];
        for (int i = 0; i < batch.length; i++) {
            forwarded[i] = backplane.publish(topic, batch[i]).toCompletableFuture();
        }
        return CompletableFuture.allOf(forwarded);
    }

    /**
     * Returns the topics that have subscribers on this node.
     *
     * @return a snapshot
     */
    public Set<String> topics() {
        return Set.copyOf(subscribers.keySet());
    }

    /**
     * Returns how many connections of this node subscribe to a topic.
     *
     * @param topic the topic
     * @return the count at this moment
     */
    public int subscriberCount(String topic) {
        Subscribers sockets = subscribers.get(topic);
        return sockets == null ? 0 : sockets.size();
    }

    /**
     * Returns the topics a connection subscribes to.
     *
     * @param socket the connection
     * @return a snapshot, empty when none
     */
    public Set<String> topicsOf(WebSocket socket) {
        Set<String> topics = subscriptions.get(socket);
        return topics == null ? Set.of() : Set.copyOf(topics);
    }

    /**
     * Returns how many deliveries subscribers' send queues refused since this registry was created (see the class
     * comment on slow subscribers).
     *
     * @return the count
     */
    public long refusedDeliveries() {
        return refused.sum();
    }

    /**
     * Shuts this node's topics down: closes the backplane (the node stops listening to every topic, and publishes
     * no more) and forgets every subscription. Connections stay open; a server that stops closes them itself.
     * Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        backplane.close();
        subscriptions.clear();
        subscribers.clear();
    }

    /** Delivers a message from another node to this node's subscribers. */
    private void deliver(String topic, PreparedMessage message) {
        deliver(topic, message, null);
    }

    private void deliver(String topic, PreparedMessage message, WebSocket except) {
        Subscribers sockets = subscribers.get(topic);
        if (sockets == null) {
            return;
        }
        for (WebSocket socket : sockets.snapshot()) {
            if (socket != except && !socket.offer(message)) {
                refused.increment();
            }
        }
    }

    private void deliver(String topic, PreparedMessage[] batch, WebSocket except) {
        Subscribers sockets = subscribers.get(topic);
        if (sockets == null) {
            return;
        }
        for (WebSocket socket : sockets.snapshot()) {
            if (socket != except) {
                for (PreparedMessage message : batch) {
                    if (!socket.offer(message)) {
                        refused.increment();
                    }
                }
            }
        }
    }

    /**
     * Records a subscription in both maps while holding the topic's entry, so that a concurrent change of the same
     * topic sees both or neither; the topic's first subscriber makes the node listen to it.
     */
    private boolean addSubscriber(String topic, WebSocket socket, Set<String> topicsOfSocket) {
        boolean[] added = new boolean[1];
        subscribers.compute(topic, (name, sockets) -> {
            Subscribers members = sockets != null ? sockets : new Subscribers();
            added[0] = topicsOfSocket.add(name);
            members.add(socket);
            if (sockets == null) {
                backplane.subscribe(name);
            }
            return members;
        });
        return added[0];
    }

    /** Removes a subscription from both maps while holding the topic's entry; the last one makes the node leave. */
    private boolean removeSubscriber(String topic, WebSocket socket, Set<String> topicsOfSocket) {
        boolean[] removed = new boolean[1];
        subscribers.computeIfPresent(topic, (name, sockets) -> {
            topicsOfSocket.remove(name);
            removed[0] = sockets.remove(socket);
            if (sockets.isEmpty()) {
                backplane.unsubscribe(name);
                return null;
            }
            return sockets;
        });
        return removed[0];
    }

    /**
     * Unsubscribes a newly seen connection from everything once it closes. The state is checked after the
     * subscription was recorded: a connection that closed before that check is cleaned up here, one that closes
     * after it has its subscription seen by the close action. Later subscriptions of the same connection check
     * its state again in {@link #subscribe}, in case its close action already ran.
     */
    private void forgetWhenClosed(WebSocket socket) {
        if (socket.readyState() == ReadyState.CLOSED) {
            unsubscribeAll(socket);
        } else {
            socket.whenClosed().thenRun(() -> unsubscribeAll(socket));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Topics closed");
        }
    }

    private static void validate(String topic) {
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("Empty topic name");
        }
    }
}
