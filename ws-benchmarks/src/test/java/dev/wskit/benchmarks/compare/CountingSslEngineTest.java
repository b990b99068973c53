package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.benchmarks.compare.TlsCounts.Count;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines talking through buffers ({@link EnginePair}): the server's counts what it moved once the handshake
 * was over.
 */
class CountingSslEngineTest {
    private final TlsCounts counts = new TlsCounts();
    private EnginePair pair;

    @BeforeEach
    void handshake() throws Exception {
        pair = EnginePair.handshaken(context -> CountingSslContext.wrap(context, counts));
    }

    @Test
    void contextMakesCountingEngines() {
        assertInstanceOf(CountingSslEngine.class, pair.server());
    }

    @Test
    void countsOneRecordEachWayForAnEchoedMessage() throws Exception {
        long[] before = counts.snapshot();
        assertEquals(125, pair.send(true, ByteBuffer.allocate(125)).remaining());
        assertEquals(127, pair.send(false, ByteBuffer.allocate(127)).remaining());
        long[] moved = counts.snapshot();
        Arrays.setAll(moved, i -> moved[i] - before[i]);

        assertEquals(1, moved[Count.RECORDS_IN.ordinal()]);
        assertEquals(125, moved[Count.PLAIN_IN.ordinal()]);
        assertEquals(1, moved[Count.RECORDS_OUT.ordinal()]);
        assertEquals(127, moved[Count.PLAIN_OUT.ordinal()]);
        assertTrue(moved[Count.WIRE_OUT.ordinal()] > 127 + 5, "a record has a header and a tag");
        assertEquals(0, moved[Count.WRAP_DIRECT_DST.ordinal()]);
    }

    @Test
    void countsAnUnwrapOfHalfARecordAsAnUnderflow() throws Exception {
        ByteBuffer wire = ByteBuffer.allocate(pair.client().getSession().getPacketBufferSize());
        pair.client().wrap(ByteBuffer.allocate(125), wire);
        wire.flip();
        int whole = wire.limit();
        long[] before = counts.snapshot();
        wire.limit(whole / 2);
        pair.server().unwrap(wire, ByteBuffer.allocate(32 * 1024));
        wire.limit(whole);
        pair.server().unwrap(wire, ByteBuffer.allocate(32 * 1024));
        long[] after = counts.snapshot();

        assertEquals(2, after[Count.UNWRAP_CALLS.ordinal()] - before[Count.UNWRAP_CALLS.ordinal()]);
        assertEquals(1, after[Count.UNDERFLOWS.ordinal()] - before[Count.UNDERFLOWS.ordinal()]);
        assertEquals(1, after[Count.RECORDS_IN.ordinal()] - before[Count.RECORDS_IN.ordinal()]);
    }
}
