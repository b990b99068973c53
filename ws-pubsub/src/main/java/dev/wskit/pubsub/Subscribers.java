package dev.wskit.pubsub;

import dev.wskit.transport.WebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of one topic on this node: a concurrent set that subscriptions change, and an array of it that
 * publishing walks, so that a fan-out reads one array rather than a hash table's nodes (RFC 6455 §5.2 frames are
 * queued to each connection in that loop, the hot path of a large topic).
 *
 * <p>The array is a snapshot tagged with the count of changes it includes. A change bumps the count after it is
 * made, and a publish whose snapshot's tag differs from the count builds a new one (reading the count first), so
 * that a publish that starts after a change has returned sees it, and a topic whose subscribers do not change
 * allocates nothing per publish. A topic that changes between every two publishes copies its set once per
 * publish, as many references as the publish makes deliveries.
 *
 * <p>Thread-safe: {@link #add} and {@link #remove} are serialized on this object; {@link #snapshot},
 * {@link #size} and {@link #isEmpty} take no lock.
 */
final class Subscribers {
    /** The connections, as of some count of changes. */
    private record Snapshot(long changes, WebSocket[] sockets) {
    }

    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();
    private volatile long changes;
    private volatile Snapshot snapshot = new Snapshot(0, new WebSocket[0]);

    /**
     * Adds a subscriber.
     *
     * @param socket the connection
     * @return true when it was not a subscriber yet
     */
    synchronized boolean add(WebSocket socket) {
        boolean added = members.add(socket);
        if (added) {
            changes++;
        }
        return added;
    }

    /**
     * Removes a subscriber.
     *
     * @param socket the connection
     * @return true when it was a subscriber
     */
    synchronized boolean remove(WebSocket socket) {
        boolean removed = members.remove(socket);
        if (removed) {
            changes++;
        }
        return removed;
    }

    /**
     * Returns the subscribers to publish to: every change that returned before this call is in it, and a change
     * that runs meanwhile may be. Shared: the caller must not modify it.
     *
     * @return the connections
     */
    WebSocket[] snapshot() {
        Snapshot current = snapshot;
        long now = changes;
        if (current.changes() == now) {
            return current.sockets();
        }
        // a publisher racing another may store an older snapshot over a newer one: the next publish rebuilds it
        Snapshot fresh = new Snapshot(now, members.toArray(new WebSocket[0]));
        snapshot = fresh;
        return fresh.sockets();
    }

    /** Returns how many connections subscribe now. */
    int size() {
        return members.size();
    }

    /** Tells whether no connection subscribes. */
    boolean isEmpty() {
        return members.isEmpty();
    }
}
