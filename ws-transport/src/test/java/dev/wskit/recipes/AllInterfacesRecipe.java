package dev.wskit.recipes;

import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;

/** README recipe: a server reachable from other machines. */
final class AllInterfacesRecipe {
    private AllInterfacesRecipe() {
    }

    static ServerConfig config() {
        // recipe:begin
        ServerConfig config = ServerConfig.builder()
            .host("0.0.0.0")                 // every IPv4 interface ("::" for IPv6 too); the default is 127.0.0.1
            .port(8080)
            .transport(Transports.nio())
            .endpoint("/ws", () -> new WebSocket.Listener() { })
            .build();
        // recipe:end
        return config;
    }
}
