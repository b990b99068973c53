package dev.wskit.transport;

import dev.wskit.transport.nio.NioTransport;
import dev.wskit.transport.socket.SocketTransport;
import dev.wskit.transport.spi.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The transports wskit ships, chosen explicitly (no discovery): each behaves identically at the protocol level
 * because all run the same engine. Thread-safe; each method returns a shared instance, made at the first call.
 * Its threads are daemon threads, so a shared instance need never be closed; one that is
 * {@linkplain Transport#close() closed} is replaced by a new one at the next call.
 */
public final class Transports {
    private static final Map<String, Transport> SHARED = new ConcurrentHashMap<>();

    private Transports() {
    }

    /**
     * Returns the transport that gives each connection a platform thread doing blocking I/O.
     *
     * @return the {@code blocking} transport
     */
    public static Transport blocking() {
        return shared("blocking", SocketTransport::platformThreads);
    }

    /**
     * Returns the transport that gives each connection a virtual thread doing blocking I/O.
     *
     * @return the {@code virtual} transport
     */
    public static Transport virtualThreads() {
        return shared("virtual", SocketTransport::virtualThreads);
    }

    /**
     * Returns the transport whose event loops (one selector thread per core) carry many connections each, with
     * non-blocking I/O; listener callbacks run on the loops, so they must not block (or give the server or
     * client a callback executor).
     *
     * @return the {@code nio} transport
     */
    public static Transport nio() {
        return shared("nio", () -> new NioTransport(Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Returns the {@code nio} transport with a given number of event loops, one shared instance per number
     * (its loops live until it is closed).
     *
     * @param loops the number of event loops (selector threads), at least 1
     * @return the {@code nio} transport
     * @throws IllegalArgumentException when {@code loops} is below 1
     */
    public static Transport nio(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("An NIO transport needs at least one event loop: " + loops);
        }
        return shared("nio-" + loops, () -> new NioTransport(loops));
    }

    private static Transport shared(String key, Supplier<Transport> factory) {
        Transport current = SHARED.get(key);
        if (current != null && !isClosed(current)) {
            return current;
        }
        return SHARED.compute(key, (name, old) -> old == null || isClosed(old) ? factory.get() : old);
    }

    private static boolean isClosed(Transport transport) {
        return switch (transport) {
            case NioTransport nio -> nio.isClosed();
            case SocketTransport socket -> socket.isClosed();
            default -> false;
        };
    }

    /**
     * Finds a transport by its name.
     *
     * @param name {@code blocking}, {@code virtual} or {@code nio}
     * @return the transport
     * @throws IllegalArgumentException for an unknown name
     */
    public static Transport byName(String name) {
        return switch (name) {
            case "blocking" -> blocking();
            case "virtual" -> virtualThreads();
            case "nio" -> nio();
            default -> throw new IllegalArgumentException("Unknown transport: " + name + "; known: " + names());
        };
    }

    /**
     * Lists the transports' names.
     *
     * @return the names
     */
    public static List<String> names() {
        return List.of("blocking", "virtual", "nio");
    }
}
