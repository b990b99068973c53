package dev.wskit.transport;

import dev.wskit.transport.nio.NioTransport;
import dev.wskit.transport.socket.SocketTransport;
import dev.wskit.transport.spi.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transports wskit ships, chosen explicitly (no discovery): each behaves identically at the protocol level
 * because all run the same engine. Thread-safe; each method returns a shared instance.
 */
public final class Transports {
    private static final class Blocking {
        static final Transport INSTANCE = SocketTransport.platformThreads();
    }

    private static final class Virtual {
        static final Transport INSTANCE = SocketTransport.virtualThreads();
    }

    private static final class Nio {
        static final Transport INSTANCE = nio(Runtime.getRuntime().availableProcessors());
    }

    private static final Map<Integer, Transport> NIO_BY_LOOPS = new ConcurrentHashMap<>();

    private Transports() {
    }

    /**
     * Returns the transport that gives each connection a platform thread doing blocking I/O.
     *
     * @return the {@code blocking} transport
     */
    public static Transport blocking() {
        return Blocking.INSTANCE;
    }

    /**
     * Returns the transport that gives each connection a virtual thread doing blocking I/O.
     *
     * @return the {@code virtual} transport
     */
    public static Transport virtualThreads() {
        return Virtual.INSTANCE;
    }

    /**
     * Returns the transport whose event loops (one selector thread per core) carry many connections each, with
     * non-blocking I/O; listener callbacks run on the loops, so they must not block (or give the server or
     * client a callback executor).
     *
     * @return the {@code nio} transport
     */
    public static Transport nio() {
        return Nio.INSTANCE;
    }

    /**
     * Returns the {@code nio} transport with a given number of event loops, one shared instance per number
     * (its loops live as long as the JVM).
     *
     * @param loops the number of event loops (selector threads), at least 1
     * @return the {@code nio} transport
     * @throws IllegalArgumentException when {@code loops} is below 1
     */
    public static Transport nio(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("An NIO transport needs at least one event loop: " + loops);
        }
        return NIO_BY_LOOPS.computeIfAbsent(loops, NioTransport::new);
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
