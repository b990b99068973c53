package dev.wskit.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.transport.PreparedMessage;
import org.junit.jupiter.api.Test;

/**
 * Two registries joined by an in-process hub, as two servers in one JVM: a publication on one reaches the other's
 * subscribers, and the publisher's own subscribers get it once, directly.
 */
class InProcessBackplaneTest {
    @Test
    void publicationOnOneNodeReachesTheOthersSubscribersAndItsOwnOnce() throws Exception {
        InProcessBackplane.Hub hub = new InProcessBackplane.Hub();
        try (Node a = Node.start("nio", Topics.create(hub.node()));
             Node b = Node.start("nio", Topics.create(hub.node()))) {
            Inbox onA = new Inbox();
            Inbox onB = new Inbox();
            a.connect(onA, "room");
            b.connect(onB, "room");
            a.topics().publish("room", PreparedMessage.text("one"));
            b.topics().publish("room", PreparedMessage.text("two"));
            assertEquals("one", onA.next());
            assertEquals("two", onA.next());
            assertEquals("one", onB.next());
            assertEquals("two", onB.next());
            a.topics().publish("room", PreparedMessage.text("marker"));
            assertEquals("marker", onA.next(), "no echo of the node's own messages");
            assertEquals("marker", onB.next());
        }
    }

    @Test
    void nodeWithoutSubscribersToATopicIsNotHandedItsMessages() throws Exception {
        InProcessBackplane.Hub hub = new InProcessBackplane.Hub();
        try (Node a = Node.start("nio", Topics.create(hub.node()));
             Node b = Node.start("nio", Topics.create(hub.node()))) {
            Inbox onB = new Inbox();
            b.connect(onB, "elsewhere");
            a.topics().publish("room", PreparedMessage.text("unheard"));
            a.topics().publish("elsewhere", PreparedMessage.text("heard"));
            assertEquals("heard", onB.next());
            onB.assertEmpty();
        }
    }
}
