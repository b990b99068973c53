package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wskit.benchmarks.compare.TlsCounts.Count;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS profile over real servers: in a closed loop with one message in flight, every echo is one record in
 * and one record out of the server, whichever server it is.
 */
class TlsProfileTest {

    @ParameterizedTest
    @ValueSource(strings = {"wskit-nio-tls", "netty-tls"})
    void countsOneRecordInAndOneOutPerEchoedMessage(String name) throws Exception {
        TlsProfile.Profile profile = TlsProfile.profile(Target.parse(name), 4, 50);

        assertEquals(200, profile.messages());
        assertEquals(1.0, profile.perMessage(Count.RECORDS_IN));
        assertEquals(1.0, profile.perMessage(Count.RECORDS_OUT));
        assertEquals(131.0, profile.ratio(Count.PLAIN_IN, Count.RECORDS_IN), "a masked frame of 125 B");
        assertEquals(127.0, profile.ratio(Count.PLAIN_OUT, Count.RECORDS_OUT), "an unmasked frame of 125 B");
    }

    @Test
    void wskitHandsTheEngineRecordsAndPlaintextOnTheHeap() throws Exception {
        TlsProfile.Profile profile = TlsProfile.profile(Target.parse("wskit-nio-tls"), 2, 20);

        assertEquals(0.0, profile.ratio(Count.WRAP_DIRECT_SRC, Count.WRAP_CALLS), "plaintext encrypted");
        assertEquals(0.0, profile.ratio(Count.WRAP_DIRECT_DST, Count.WRAP_CALLS), "records written");
        assertEquals(0.0, profile.ratio(Count.UNWRAP_DIRECT_SRC, Count.UNWRAP_CALLS), "records read");
    }

    @Test
    void refusesAPlainTarget() {
        assertThrows(IllegalArgumentException.class, () -> TlsProfile.profile(Target.parse("wskit-nio"), 1, 1));
    }
}
