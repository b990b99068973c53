package dev.wskit.examples;

import dev.wskit.extensions.deflate.PerMessageDeflate;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ServerConfig;

/** Turns on permessage-deflate (RFC 7692) with its defaults, for {@code --deflate}. */
final class Compression {
    private Compression() {
    }

    static void enable(ServerConfig.Builder server) {
        server.handshake(ServerHandshakeConfig.builder().extensions(PerMessageDeflate.withDefaults()).build());
    }

    static void offer(ClientHandshakeConfig.Builder client) {
        client.extensions(PerMessageDeflate.withDefaults());
    }
}
