package dev.wskit.transport;

import dev.wskit.transport.socket.SocketTransport;
import dev.wskit.transport.spi.Transport;
import java.util.List;

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
     * Finds a transport by its name.
     *
     * @param name {@code blocking} or {@code virtual}
     * @return the transport
     * @throws IllegalArgumentException for an unknown name
     */
    public static Transport byName(String name) {
        return switch (name) {
            case "blocking" -> blocking();
            case "virtual" -> virtualThreads();
            default -> throw new IllegalArgumentException("Unknown transport: " + name + "; known: " + names());
        };
    }

    /**
     * Lists the transports' names.
     *
     * @return the names
     */
    public static List<String> names() {
        return List.of("blocking", "virtual");
    }
}
