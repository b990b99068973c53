package dev.wskit.recipes;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ServerConfig;
import java.time.Duration;

/** README recipe: keepalive and every timeout, on a server and a client. */
final class TimeoutsRecipe {
    private TimeoutsRecipe() {
    }

    /** What the recipe makes. */
    record Configs(ServerConfig.Builder server, ClientConfig client) {
    }

    static Configs configs() {
        // recipe:begin
        EngineConfig engine = EngineConfig.builder()
            .pingInterval(Duration.ofSeconds(30))   // a Ping after 30 s without traffic from the peer
            .pongTimeout(Duration.ofSeconds(10))    // no answer within 10 s: closed, 1006 locally
            .idleTimeout(Duration.ofMinutes(5))     // no message either way for 5 min: closed with 1001
            .closeTimeout(Duration.ofSeconds(5))    // the closing handshake may take 5 s
            .build();
        ServerConfig.Builder server = ServerConfig.builder()
            .connection(c -> c.engine(engine)
                .handshakeTimeout(Duration.ofSeconds(10)));   // a client has 10 s to send its request
        ClientConfig client = ClientConfig.builder()
            .connection(c -> c.engine(engine)
                .handshakeTimeout(Duration.ofSeconds(10)))    // the server has 10 s to answer the upgrade
            .connectTimeout(Duration.ofSeconds(5))            // DNS lookup and TCP connect together
            .tlsHandshakeTimeout(Duration.ofSeconds(5))       // then the TLS handshake of wss://
            .build();
        // recipe:end
        return new Configs(server, client);
    }
}
