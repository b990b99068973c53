package dev.wskit.transport.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A server's book of its connections: every one for a graceful stop, and a count of the open ones for the limit. */
public final class ServerRegistry {
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final int maxOpen;

    /**
     * Creates a registry.
     *
     * @param maxOpen the most connections past the handshake at once
     */
    public ServerRegistry(int maxOpen) {
        this.maxOpen = maxOpen;
    }

    void track(Connection connection) {
        connections.add(connection);
    }

    boolean admit() {
        if (open.incrementAndGet() > maxOpen) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void forget(Connection connection, boolean wasAdmitted) {
        if (connections.remove(connection) && wasAdmitted) {
            open.decrementAndGet();
        }
    }

    /**
     * Returns every connection not yet closed, in the handshake or past it.
     *
     * @return a snapshot
     */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }
}
