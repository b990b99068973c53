package dev.wskit.examples;

import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.transport.PreparedMessage;
import java.util.concurrent.CompletionStage;

/**
 * A backplane that lets the chat overhear what other nodes publish, after handing it to the node's topics: the
 * chat answers another node's {@code join} with its own members. Everything else goes to the wrapped backplane.
 *
 * @param backplane the nodes' backplane
 * @param listener told of each message from another node, after this node's subscribers got it
 */
record Overheard(Backplane backplane, Receiver listener) implements Backplane {
    @Override
    public void start(Receiver receiver) {
        backplane.start((topic, message) -> {
            receiver.onMessage(topic, message);
            listener.onMessage(topic, message);
        });
    }

    @Override
    public void subscribe(String topic) {
        backplane.subscribe(topic);
    }

    @Override
    public void unsubscribe(String topic) {
        backplane.unsubscribe(topic);
    }

    @Override
    public CompletionStage<Void> publish(String topic, PreparedMessage message) {
        return backplane.publish(topic, message);
    }

    @Override
    public void close() {
        backplane.close();
    }
}
