package dev.wskit.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocket;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscribersTest {
    @Test
    void snapshotHoldsEverySubscriberAddedAndNoneRemoved() {
        Subscribers subscribers = new Subscribers();
        WebSocket a = socket();
        WebSocket b = socket();
        WebSocket c = socket();
        assertTrue(subscribers.add(a));
        assertTrue(subscribers.add(b));
        assertTrue(subscribers.add(c));
        assertTrue(subscribers.remove(b));
        assertEquals(Set.of(a, c), Set.of(subscribers.snapshot()));
        assertEquals(2, subscribers.size());
    }

    @Test
    void snapshotIsSharedByPublishesWhileNoSubscriberChanges() {
        Subscribers subscribers = new Subscribers();
        subscribers.add(socket());
        WebSocket[] first = subscribers.snapshot();
        assertSame(first, subscribers.snapshot());
        assertFalse(subscribers.add(first[0]), "already a subscriber: no change");
        assertFalse(subscribers.remove(socket()), "never a subscriber: no change");
        assertSame(first, subscribers.snapshot());
    }

    @Test
    void changeAfterASnapshotIsInTheNextOne() {
        Subscribers subscribers = new Subscribers();
        WebSocket a = socket();
        WebSocket b = socket();
        subscribers.add(a);
        WebSocket[] before = subscribers.snapshot();
        subscribers.add(b);
        WebSocket[] added = subscribers.snapshot();
        assertNotSame(before, added);
        assertEquals(Set.of(a, b), Set.of(added));
        subscribers.remove(a);
        assertEquals(Set.of(b), Set.of(subscribers.snapshot()));
        subscribers.remove(b);
        assertEquals(0, subscribers.snapshot().length);
        assertTrue(subscribers.isEmpty());
    }

    /** A connection that is only ever compared: identity is all a subscriber set needs of it. */
    private static WebSocket socket() {
        return (WebSocket) Proxy.newProxyInstance(SubscribersTest.class.getClassLoader(),
            new Class<?>[] {WebSocket.class}, (proxy, method, args) -> switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "socket@" + Integer.toHexString(System.identityHashCode(proxy));
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}
