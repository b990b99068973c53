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
        assertEquals(1 + 3 * (1 + Transports.names().size()), Target.all().size());
    }

    @Test
    void parsesSuffixesAndTransports() {
        Target target = Target.parse("wskit-nio-tls-deflate");
        assertEquals(Target.Server.WSKIT, target.server());
        assertEquals("nio", target.transport());
        assertTrue(target.tls() && target.deflate());
        assertEquals(Target.netty(true, false), Target.parse("netty-tls"));
        assertFalse(Target.rawTcp().isWebSocket());
    }

    @Test
    void rejectsUnknownNamesAndCombinations() {
        assertThrows(IllegalArgumentException.class, () -> Target.parse("wskit-carrier-pigeon"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("raw-tcp-tls"));
        assertThrows(IllegalArgumentException.class, () -> new Target(Target.Server.RAW, "", true, false));
    }
}
