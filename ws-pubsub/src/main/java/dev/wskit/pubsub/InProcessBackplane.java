package dev.wskit.pubsub;

import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.transport.PreparedMessage;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A backplane between registries in one JVM, such as several servers in one process, or tests. Nodes join a
 * shared {@link Hub}; a message published on one node goes, as the same {@link PreparedMessage} (so encoded once for
 * all of them), to every other node of the hub that listens to the topic, on the publisher's thread. A node alone
 * on its hub, as {@link Topics#create()} makes, forwards nothing. Delivery is exactly once and in publication order
 * for each publishing thread; nothing is lost, since nothing crosses a network.
 *
 * <p>Thread-safe.
 */
public final class InProcessBackplane implements Backplane {
    /** Shared by every publication: a completed stage that callers cannot complete again. */
    private static final CompletionStage<Void> FORWARDED = CompletableFuture.completedStage(null);

    private final Hub hub;
    private volatile Receiver receiver;

    private InProcessBackplane(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void start(Receiver messages) {
        this.receiver = Objects.requireNonNull(messages, "messages");
    }

    @Override
    public void subscribe(String topic) {
        hub.listeners.computeIfAbsent(topic, name -> ConcurrentHashMap.newKeySet()).add(this);
    }

    @Override
    public void unsubscribe(String topic) {
        hub.listeners.computeIfPresent(topic, (name, nodes) -> {
            nodes.remove(this);
            return nodes.isEmpty() ? null : nodes;
        });
    }

    @Override
    public CompletionStage<Void> publish(String topic, PreparedMessage message) {
        Set<InProcessBackplane> nodes = hub.listeners.get(topic);
        if (nodes != null) {
            for (InProcessBackplane node : nodes) {
                if (node != this) {
                    node.receiver.onMessage(topic, message);
                }
            }
        }
        return FORWARDED;
    }

    @Override
    public void close() {
        hub.listeners.forEach((topic, nodes) -> unsubscribe(topic));
    }

    /**
     * The nodes that share published messages in one JVM. Thread-safe.
     */
    public static final class Hub {
        private final ConcurrentHashMap<String, Set<InProcessBackplane>> listeners = new ConcurrentHashMap<>();

        /** Creates a hub without nodes. */
        public Hub() {
        }

        /**
         * Creates a node on this hub, for one {@link Topics} registry.
         *
         * @return the node's backplane
         */
        public InProcessBackplane node() {
            return new InProcessBackplane(this);
        }
    }
}
