package dev.wskit.pubsub.spi;

import dev.wskit.transport.PreparedMessage;
import java.util.concurrent.CompletionStage;

/**
 * Carries the messages published on one server node to the other nodes whose connections subscribe to the topic:
 * one instance per node, driven by that node's {@link dev.wskit.pubsub.Topics}. A node delivers its own
 * publications to its own subscribers directly, so a backplane never hands a node back what it published itself
 * (each message is tagged with its origin and a node skips its own echoes). The registry tells the backplane when
 * a topic gains its first local subscriber and loses its last one, so a node listens to a topic only while it
 * has subscribers to it. The payload is an application message (RFC 6455 §5.6), not a frame: the receiving node
 * frames it once for its own subscribers.
 *
 * <p><b>Delivery.</b> A backplane promises at most once: a message reaches each other node at most once, or not at
 * all when a node or the broker is down. Messages from one publishing node to one topic arrive in the order they
 * were published on that node.
 *
 * <p><b>Threads.</b> {@link #publish} is called from any thread, concurrently, and must not block. {@link #subscribe}
 * and {@link #unsubscribe} are called in the order a topic's subscriptions changed, each while the registry holds
 * that topic's entry, so they must return at once and never call back into the registry. The receiver may be
 * called from any thread.
 */
public interface Backplane extends AutoCloseable {
    /**
     * Starts the backplane with the receiver of the messages other nodes publish; called once, before the other
     * methods.
     *
     * @param receiver where messages from other nodes go
     */
    void start(Receiver receiver);

    /**
     * Starts listening to a topic: this node has its first local subscriber to it. Idempotent.
     *
     * @param topic the topic
     */
    void subscribe(String topic);

    /**
     * Stops listening to a topic: this node's last local subscriber to it left. Idempotent.
     *
     * @param topic the topic
     */
    void unsubscribe(String topic);

    /**
     * Sends a message to the other nodes' subscribers of a topic, without blocking.
     *
     * @param topic the topic
     * @param message the message, already delivered on this node
     * @return completes when the broker accepted the message, or fails with a {@link BackplaneException} when it
     *     could not be handed on (the broker is unreachable); it is never retried
     */
    CompletionStage<Void> publish(String topic, PreparedMessage message);

    /** Stops listening to every topic and releases the backplane's connections and threads. Idempotent. */
    @Override
    void close();

    /** Receives the messages that other nodes published to topics this node listens to. */
    @FunctionalInterface
    interface Receiver {
        /**
         * A message another node published.
         *
         * @param topic the topic
         * @param message the message, prepared once for all of this node's subscribers
         */
        void onMessage(String topic, PreparedMessage message);
    }
}
