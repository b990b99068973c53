package dev.wskit.recipes;

import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** README recipe: a client that sends credentials with its opening handshake. */
final class ClientHeadersRecipe {
    private ClientHeadersRecipe() {
    }

    static CompletableFuture<WebSocket> connect(URI uri, String token, WebSocket.Listener listener) {
        // recipe:begin
        ClientConfig config = ClientConfig.builder()
            .handshake(ClientHandshakeConfig.builder()
                .headers(HttpHeaders.of("Authorization", "Bearer " + token, "Cookie", "session=abc123"))
                .build())
            .build();
        return WebSocketClient.create(config).connect(uri, listener);
        // recipe:end
    }
}
