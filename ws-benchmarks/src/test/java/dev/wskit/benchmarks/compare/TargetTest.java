package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.Transports;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void everyTargetParsesBackFromItsName() {
        for (Target target : Target.all()) {
            assertEquals(target, Target.parse(target.name()));
        }
        assertEquals(1 + 3 * (3 + Transports.names().size()), Target.all().size());
    }

    @Test
    void parsesSuffixesAndTransports() {
        Target target = Target.parse("wskit-nio-tls-deflate");
        assertEquals(Target.Server.WSKIT, target.server());
        assertEquals("nio", target.transport());
        assertTrue(target.tls() && target.deflate());
        assertEquals(Target.netty(true, false), Target.parse("netty-tls"));
        assertEquals(Target.peer(Target.Server.JETTY, false, true), Target.parse("jetty-deflate"));
        assertEquals(Target.peer(Target.Server.VERTX, true, true), Target.parse("vertx-tls-deflate"));
        assertEquals("vertx-tls", Target.peer(Target.Server.VERTX, true, false).name());
        assertFalse(Target.rawTcp().isWebSocket());
    }

    @Test
    void rejectsUnknownNamesAndCombinations() {
        assertThrows(IllegalArgumentException.class, () -> Target.parse("wskit-carrier-pigeon"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("raw-tcp-tls"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("jetty-nio"));
        assertThrows(IllegalArgumentException.class, () -> new Target(Target.Server.RAW, "", true, false));
    }
}
