package dev.wskit.recipes;

import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.WebSocket;
import java.util.Map;

/** README recipe: reading the upgrade request's headers, and refusing it before the 101. */
final class RefuseUpgradeRecipe {
    private RefuseUpgradeRecipe() {
    }

    static ServerConfig.Builder server(WebSocket.Listener chat) {
        // recipe:begin
        ServerConfig.Builder server = ServerConfig.builder()
            .upgradeHandler(request -> {
                String token = request.header("Authorization").orElse("");
                if (!token.equals("Bearer secret")) {
                    return UpgradeHandler.Decision.refuse(401,
                        HttpHeaders.of("WWW-Authenticate", "Bearer realm=\"chat\""), "log in first");
                }
                // the socket carries these from onOpen on: socket.attributes().get("room")
                return UpgradeHandler.Decision.accept(Map.of("room", request.queryParameter("room").orElse("lobby"),
                    "session", request.cookie("session").orElse("")));
            })
            .endpoint("/chat", () -> chat);
        // recipe:end
        return server;
    }
}
