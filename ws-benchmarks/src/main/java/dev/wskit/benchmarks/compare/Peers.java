package dev.wskit.benchmarks.compare;

import io.netty.util.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names each server's version and settings for the reports, so a reader knows what ran. Stateless.
 */
final class Peers {
    private Peers() {
    }

    /**
     * Describes one server.
     *
     * @param server the server
     * @return its version and settings in one line
     */
    static String settings(Target.Server server) {
        return switch (server) {
            case RAW -> "a TCP echo on NIO selectors, one per core, no WebSocket";
            case NETTY -> "Netty " + Version.identify().get("netty-common").artifactVersion()
                + ", NIO event loops, one per core, WebSocketServerProtocolHandler, WebSocketServerCompressionHandler"
                + " for deflate targets";
            case JETTY -> JettyServer.SETTINGS;
            case VERTX -> VertxServer.SETTINGS;
            case WSKIT -> "wskit, WebSocketServer on the named transport, PerMessageDeflate.withDefaults() for"
                + " deflate targets";
        };
    }

    /**
     * Describes the servers among some targets, in their order.
     *
     * @param targets the targets
     * @return each server's name (as in target names) and settings
     */
    static Map<String, String> of(List<Target> targets) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Target target : targets) {
            String name = target.server() == Target.Server.RAW ? "raw-tcp" : target.name().split("-")[0];
            settings.putIfAbsent(name, settings(target.server()));
        }
        return settings;
    }
}
