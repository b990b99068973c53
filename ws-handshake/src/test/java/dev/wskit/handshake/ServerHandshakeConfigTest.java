package dev.wskit.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.handshake.HttpHeadParser.Rejected;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerHandshakeConfigTest {
    @Test
    void defaultsToSameOriginAndNothingNegotiated() {
        ServerHandshakeConfig config = ServerHandshakeConfig.defaults();

        assertEquals(List.of(), config.subprotocols());
        assertEquals(SubprotocolSelection.SERVER_PREFERENCE, config.subprotocolSelection());
        assertEquals(List.of(), config.extensions());
        assertEquals(HeadLimits.DEFAULT, config.limits());
        assertFalse(config.originPolicy().allows(HandshakeRequest.get("/",
            HttpHeaders.of("Host", "h", "Origin", "http://other"))));
    }

    @Test
    void copiesTheListsItIsGiven() {
        List<String> subprotocols = new ArrayList<>(List.of("chat"));
        ServerHandshakeConfig config = ServerHandshakeConfig.builder().subprotocols(subprotocols).build();

        subprotocols.add("other");

        assertEquals(List.of("chat"), config.subprotocols());
        assertThrows(UnsupportedOperationException.class, () -> config.subprotocols().add("x"));
    }

    @Test
    void refusesInvalidSubprotocolsAndDuplicateExtensions() {
        ServerHandshakeConfig.Builder builder = ServerHandshakeConfig.builder();

        assertThrows(IllegalArgumentException.class, () -> builder.subprotocols("chat", "chat").build());
        assertThrows(IllegalArgumentException.class, () -> builder.subprotocols("a b").build());
        assertThrows(IllegalArgumentException.class, () -> ServerHandshakeConfig.builder()
            .extensions(new FakeNegotiator("x-foo", 0b100), new FakeNegotiator("X-Foo", 0b010)).build());
        assertThrows(NullPointerException.class, () -> ServerHandshakeConfig.builder().originPolicy(null).build());
    }

    @Test
    void makesRequestParsersWithinItsLimits() {
        ServerHandshakeConfig config = ServerHandshakeConfig.builder().limits(new HeadLimits(64, 8)).build();

        Rejected<?> rejected = assertInstanceOf(Rejected.class,
            config.newRequestParser().parse(ByteBuffer.wrap(Splits.bytes("GET /" + "a".repeat(64)))));

        assertEquals(414, rejected.status());
    }
}
